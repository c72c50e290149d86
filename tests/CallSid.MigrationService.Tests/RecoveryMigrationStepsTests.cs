using CallSid.MigrationService.Data;
using CallSid.Testing;
using Npgsql;

namespace CallSid.MigrationService.Tests;

/// <summary>Steps 6 to 9 (why a call failed, Twilio's call SID, where a turn came from, the hand-over outbox), down and up with data in them.</summary>
public sealed class RecoveryMigrationStepsTests(PostgresClusterFixture cluster)
{
    private readonly LogCapture _logs = new();

    [Fact]
    public async Task The_recovery_steps_roll_down_and_up_with_data_in_place_and_refuse_while_hand_overs_are_pending()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        var schema = new SchemaQueries(connectionString);
        await schema.ExecuteAsync("""
            INSERT INTO dev.calls (call_sid, conversation_id, driver_id, call_start_time, status, created_at, updated_at, failure_reason, twilio_call_sid)
            VALUES ('EL_1_2025-03-03T00:00:00Z', 'conv_a', 1, now(), 'completed', now(), now(), 'ElevenLabs did not answer within 30 s', 'CA0123456789abcdef0123456789abcdef'),
                   ('EL_2_2025-03-03T00:00:00Z', 'conv_b', 2, now(), 'failed', now(), now(), 'call_initiation_failure: busy', NULL);
            INSERT INTO dev.call_transcriptions (conversation_id, speaker_type, message_text, "timestamp", sequence_number, created_at, source, webhook_timestamp)
            VALUES ('conv_a', 'agent', 'Hello, this is dispatch.', now(), 1, now(), 'webhook', NULL),
                   ('conv_a', 'driver', 'Yes.', now(), 2, now(), 'post_call', now());
            INSERT INTO dev.transcript_handovers (call_sid, conversation_id, payload, attempts, next_attempt_at, created_at)
            VALUES ('EL_1_2025-03-03T00:00:00Z', 'conv_a', '{"call_sid":"EL_1_2025-03-03T00:00:00Z","turns":[]}', 3, now(), now());
            """);
        var turnsBefore = await TurnsAsync(schema);

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => MigrateAsync(connectionString, "UniqueTranscriptSequence"));

        Assert.Contains("1 transcript hand-over(s) are pending, for calls EL_1_2025-03-03T00:00:00Z", refusal.MessageText);
        Assert.Equal(MigrationChainTests.Chain, await schema.HistoryAsync());
        Assert.Contains(("calls", "failure_reason", "character varying", true), await schema.ColumnsAsync());
        Assert.Equal(1, (await schema.QueryAsync("SELECT count(*) FROM dev.transcript_handovers", r => r.GetInt64(0))).Single());

        await schema.ExecuteAsync("DELETE FROM dev.transcript_handovers");
        var down = await MigrateAsync(connectionString, "UniqueTranscriptSequence");

        Assert.Equal(MigrationChainTests.Chain[6..].Reverse(), down.Reverted); // step 10 (call outcomes) with them
        var columns = await schema.ColumnsAsync();
        Assert.DoesNotContain(columns, c => c.Column is "failure_reason" or "twilio_call_sid" or "source" or "webhook_timestamp");
        Assert.False(await schema.TableExistsAsync("transcript_handovers"));
        Assert.Equal(turnsBefore, await TurnsAsync(schema)); // recovered turns stay, words and numbers
        Assert.Equal(["completed", "failed"], await schema.QueryAsync("SELECT status FROM dev.calls ORDER BY id", r => r.GetString(0)));
        Assert.Contains(_logs.Lines, line => line.Contains("Dropping calls.failure_reason: 2 call(s) lose why they failed"));
        Assert.Contains(_logs.Lines, line => line.Contains("Dropping calls.twilio_call_sid: 1 call(s) lose their Twilio call SID"));
        Assert.Contains(_logs.Lines, line => line.Contains("Dropping call_transcriptions.source: 1 recovered turn(s) stay, unmarked"));

        var up = await MigrateAsync(connectionString);

        Assert.Equal(MigrationChainTests.Chain[6..], up.Applied);
        Assert.Equal(turnsBefore, await TurnsAsync(schema));
        Assert.Equal(["webhook", "webhook"], await schema.QueryAsync("SELECT source FROM dev.call_transcriptions ORDER BY id", r => r.GetString(0)));
        Assert.Equal(2, (await schema.QueryAsync("SELECT count(*) FROM dev.calls WHERE failure_reason IS NULL AND twilio_call_sid IS NULL", r => r.GetInt64(0))).Single());
        Assert.True(await schema.TableExistsAsync("transcript_handovers"));
    }

    private async Task<MigrationReport> MigrateAsync(string connectionString, string? target = null)
    {
        await using var db = MigrationDbContext.Create(connectionString);
        return await new DatabaseMigrator(db, _logs.CreateLogger<DatabaseMigrator>()).MigrateAsync(target, TestContext.Current.CancellationToken);
    }

    private static Task<List<(string, int, string)>> TurnsAsync(SchemaQueries schema) =>
        schema.QueryAsync(
            "SELECT conversation_id, sequence_number, message_text FROM dev.call_transcriptions ORDER BY conversation_id, sequence_number, id",
            r => (r.GetString(0), r.GetInt32(1), r.GetString(2)));
}
