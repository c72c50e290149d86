using CallSid.MigrationService.Data;
using CallSid.MigrationService.Migrations;
using CallSid.Testing;

namespace CallSid.MigrationService.Tests;

/// <summary>Step 10 (how a call ended: new statuses and ElevenLabs' verdict), down and up with data in it.</summary>
public sealed class CallOutcomesMigrationTests(PostgresClusterFixture cluster)
{
    private readonly LogCapture _logs = new();

    [Fact]
    public async Task Call_outcomes_roll_down_to_statuses_the_previous_code_reads_and_up_again()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        var schema = new SchemaQueries(connectionString);
        await schema.ExecuteAsync("""
            INSERT INTO dev.calls (call_sid, conversation_id, driver_id, call_start_time, status, created_at, updated_at, failure_reason,
                                   termination_reason, call_successful, summary, data_collection_results)
            VALUES ('EL_1_2025-03-03T00:00:00Z', 'conv_a', 1, now(), 'voicemail', now(), now(), NULL, 'voicemail_detection tool was called', 'failure', 'Reached voicemail.', NULL),
                   ('EL_2_2025-03-03T00:00:00Z', 'conv_b', 2, now(), 'busy', now(), now(), 'call_initiation_failure: busy', NULL, NULL, NULL, NULL),
                   ('EL_3_2025-03-03T00:00:00Z', 'conv_c', 3, now(), 'no_answer', now(), now(), NULL, NULL, NULL, NULL, NULL),
                   ('EL_4_2025-03-03T00:00:00Z', 'conv_d', 4, now(), 'completed', now(), now(), NULL, 'Call ended by remote party', 'success', 'Driver confirmed.', '{"eta":{"value":"5 pm"}}');
            """);

        var down = await MigrateAsync(connectionString, "TranscriptHandovers");

        Assert.Equal([DialQueue.Id, CallOutcomes.Id], down.Reverted);
        Assert.DoesNotContain(await schema.ColumnsAsync(), c => c.Column is "termination_reason" or "call_successful" or "summary" or "data_collection_results");
        Assert.Equal(
            [("completed", null), ("failed", "call_initiation_failure: busy"), ("failed", "call_initiation_failure: no_answer"), ("completed", null)],
            await schema.QueryAsync("SELECT status, failure_reason FROM dev.calls ORDER BY id", r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1))));
        Assert.Contains(_logs.Lines, line => line.Contains(
            "Dropping call outcomes: 1 voicemail call(s) become completed, 2 no_answer/busy call(s) become failed, 2 call(s) lose ElevenLabs' verdict"));

        var up = await MigrateAsync(connectionString);

        Assert.Equal([CallOutcomes.Id, DialQueue.Id], up.Applied);
        Assert.Contains(("calls", "data_collection_results", "jsonb", true), await schema.ColumnsAsync());
        Assert.Equal(4, (await schema.QueryAsync("SELECT count(*) FROM dev.calls WHERE summary IS NULL AND data_collection_results IS NULL", r => r.GetInt64(0))).Single());
    }

    private async Task<MigrationReport> MigrateAsync(string connectionString, string? target = null)
    {
        await using var db = MigrationDbContext.Create(connectionString);
        return await new DatabaseMigrator(db, _logs.CreateLogger<DatabaseMigrator>()).MigrateAsync(target, TestContext.Current.CancellationToken);
    }
}
