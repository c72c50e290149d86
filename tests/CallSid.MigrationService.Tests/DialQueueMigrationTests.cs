using CallSid.MigrationService.Data;
using CallSid.MigrationService.Migrations;
using CallSid.Testing;

namespace CallSid.MigrationService.Tests;

/// <summary>Step 11 (the dial queue and redial links), down and up with queued, live and redialled calls in it.</summary>
public sealed class DialQueueMigrationTests(PostgresClusterFixture cluster)
{
    private readonly LogCapture _logs = new();

    [Fact]
    public async Task The_dial_queue_rolls_down_failing_queued_calls_and_dropping_every_phone_number_and_up_again()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        var schema = new SchemaQueries(connectionString);
        await schema.ExecuteAsync("""
            INSERT INTO dev.calls (call_sid, conversation_id, driver_id, call_start_time, status, created_at, updated_at, attempt, first_call_sid)
            VALUES ('EL_1_2025-03-03T00:00:00Z', NULL, 1, now(), 'queued', now(), now(), 1, NULL),
                   ('EL_2_2025-03-03T00:00:00Z', 'conv_b', 2, now(), 'no_answer', now(), now(), 1, NULL),
                   ('EL_2_2025-03-03T00:15:00.000Z', 'conv_c', 2, now(), 'in_progress', now(), now(), 2, 'EL_2_2025-03-03T00:00:00Z');
            INSERT INTO dev.dial_requests (call_sid, request, dial_after, throttled, created_at)
            VALUES ('EL_1_2025-03-03T00:00:00Z', '{"to_number":"+15550001111"}', now(), 3, now()),
                   ('EL_2_2025-03-03T00:15:00.000Z', '{"to_number":"+15550002222"}', NULL, 0, now());
            """);

        var down = await MigrateAsync(connectionString, "CallOutcomes");

        Assert.Equal([DialQueue.Id], down.Reverted);
        Assert.DoesNotContain(await schema.ColumnsAsync(), c => c.Table == "dial_requests" || c.Column is "attempt" or "first_call_sid");
        Assert.Equal(
            [("failed", "not dialled: still queued when the dial queue was rolled back"), ("no_answer", null), ("in_progress", null)],
            await schema.QueryAsync("SELECT status, failure_reason FROM dev.calls ORDER BY id", r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1))));
        Assert.Contains(_logs.Lines, line => line.Contains(
            "Dropping the dial queue: 1 queued call(s) become failed, 1 redial(s) lose their link to the first attempt"));

        var up = await MigrateAsync(connectionString);

        Assert.Equal([DialQueue.Id], up.Applied);
        Assert.Contains(("dial_requests", "request", "jsonb", false), await schema.ColumnsAsync());
        Assert.Equal([1L, 1L, 1L], await schema.QueryAsync("SELECT attempt::bigint FROM dev.calls ORDER BY id", r => r.GetInt64(0)));
    }

    private async Task<MigrationReport> MigrateAsync(string connectionString, string? target = null)
    {
        await using var db = MigrationDbContext.Create(connectionString);
        return await new DatabaseMigrator(db, _logs.CreateLogger<DatabaseMigrator>()).MigrateAsync(target, TestContext.Current.CancellationToken);
    }
}
