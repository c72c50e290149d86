using System.Diagnostics;
using CallSid.MigrationService.Data;
using CallSid.MigrationService.Migrations;
using CallSid.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallSid.MigrationService.Tests;

public sealed class MigrationChainTests(PostgresClusterFixture cluster)
{
    internal static readonly string[] Chain =
    [
        Baseline.Id,
        "20251121000100_AddCallSid",
        "20251121000200_BackfillCallSid",
        "20251121000300_CallSidConstraints",
        "20251121000400_ConversationIdNullable",
        "20251121000500_UniqueTranscriptSequence",
        "20251121000600_CallFailureReason",
        "20251121000700_CallTwilioCallSid",
        "20251121000800_TranscriptTurnSource",
        "20251121000900_TranscriptHandovers",
        "20251121001000_CallOutcomes",
        "20251121001100_DialQueue",
    ];

    private readonly LogCapture _logs = new();

    [Fact]
    public async Task Fresh_database_gets_every_column_constraint_and_index_and_no_pending_model_changes()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();

        var report = await MigrateAsync(connectionString);

        Assert.Equal(DatabaseShapeKind.Empty, report.Found);
        Assert.Equal(Chain, report.Applied);
        var schema = new SchemaQueries(connectionString);
        var columns = (await schema.ColumnsAsync()).Where(c => c.Table != "__EFMigrationsHistory").ToList();
        Assert.Equal(
            [
                ("call_transcriptions", "conversation_id", "character varying", false),
                ("call_transcriptions", "created_at", "timestamp with time zone", false),
                ("call_transcriptions", "id", "integer", false),
                ("call_transcriptions", "message_text", "text", false),
                ("call_transcriptions", "sequence_number", "integer", false),
                ("call_transcriptions", "source", "character varying", false),
                ("call_transcriptions", "speaker_type", "character varying", false),
                ("call_transcriptions", "timestamp", "timestamp with time zone", false),
                ("call_transcriptions", "webhook_timestamp", "timestamp with time zone", true),
                ("calls", "attempt", "integer", false),
                ("calls", "call_end_time", "timestamp with time zone", true),
                ("calls", "call_sid", "character varying", false),
                ("calls", "call_start_time", "timestamp with time zone", false),
                ("calls", "call_successful", "character varying", true),
                ("calls", "conversation_id", "character varying", true),
                ("calls", "created_at", "timestamp with time zone", false),
                ("calls", "data_collection_results", "jsonb", true),
                ("calls", "driver_id", "integer", true),
                ("calls", "failure_reason", "character varying", true),
                ("calls", "first_call_sid", "character varying", true),
                ("calls", "id", "integer", false),
                ("calls", "status", "character varying", false),
                ("calls", "summary", "text", true),
                ("calls", "termination_reason", "character varying", true),
                ("calls", "twilio_call_sid", "character varying", true),
                ("calls", "updated_at", "timestamp with time zone", false),
                ("dial_requests", "call_sid", "character varying", false),
                ("dial_requests", "created_at", "timestamp with time zone", false),
                ("dial_requests", "dial_after", "timestamp with time zone", true),
                ("dial_requests", "request", "jsonb", false),
                ("dial_requests", "throttled", "integer", false),
                ("transcript_handovers", "attempts", "integer", false),
                ("transcript_handovers", "call_sid", "character varying", false),
                ("transcript_handovers", "conversation_id", "character varying", false),
                ("transcript_handovers", "created_at", "timestamp with time zone", false),
                ("transcript_handovers", "id", "bigint", false),
                ("transcript_handovers", "last_attempt_at", "timestamp with time zone", true),
                ("transcript_handovers", "last_error", "character varying", true),
                ("transcript_handovers", "next_attempt_at", "timestamp with time zone", false),
                ("transcript_handovers", "payload", "jsonb", false),
                ("transcript_handovers", "trace_parent", "character varying", true),
            ],
            columns);

        var constraints = await schema.ConstraintsAsync();
        Assert.Equal("u", constraints["uq_calls_call_sid"]);
        Assert.Equal("u", constraints["uq_calls_conversation_id"]);
        Assert.Equal("u", constraints["uq_call_transcriptions_conversation_seq"]);
        Assert.Equal("f", constraints["call_transcriptions_conversation_id_fkey"]);
        Assert.Equal("p", constraints["calls_pkey"]);
        Assert.Equal("f", constraints["fk_dial_requests_calls_call_sid"]);

        var indexes = await schema.IndexesAsync();
        Assert.Contains("(call_sid)", indexes["idx_calls_call_sid"]);
        Assert.Contains("(call_sid, status)", indexes["idx_calls_call_sid_status"]);
        Assert.Contains("(conversation_id)", indexes["idx_calls_conversation_id"]);
        Assert.Contains("(conversation_id)", indexes["idx_call_transcriptions_conversation_id"]);
        Assert.Contains("(sequence_number)", indexes["idx_call_transcriptions_sequence_number"]);
        Assert.Contains("(conversation_id, sequence_number)", indexes["idx_call_transcriptions_conversation_seq"]);
        Assert.StartsWith("CREATE UNIQUE INDEX", indexes["uq_call_transcriptions_conversation_seq"]);
        Assert.StartsWith("CREATE UNIQUE INDEX", indexes["uq_calls_first_call_sid_attempt"]);
        Assert.Contains("(dial_after)", indexes["idx_dial_requests_dial_after"]);

        await using var db = MigrationDbContext.Create(connectionString);
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Legacy_database_is_migrated_in_place_with_exact_backfilled_values_and_no_row_lost()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        await LegacyDatabase.CreateWithRowsAsync(connectionString);

        var report = await MigrateAsync(connectionString);

        Assert.Equal(DatabaseShapeKind.Legacy, report.Found);
        Assert.Equal(Chain.Skip(1), report.Applied); // the baseline was recorded, not run
        var schema = new SchemaQueries(connectionString);
        Assert.Equal(Chain, await schema.HistoryAsync());

        var calls = await CallSidsByConversationAsync(schema);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["conv_old_1"] = $"EL_444_{LegacyDatabase.NormalCreated.ToUnixTimeSeconds()}",
                ["conv_old_2"] = $"EL_UNKNOWN_{LegacyDatabase.NoDriverCreated.ToUnixTimeSeconds()}",
                ["conv_old_3"] = $"EL_7_{LegacyDatabase.CollisionFirst.ToUnixTimeSeconds()}",
                ["conv_old_4"] = $"EL_7_{LegacyDatabase.CollisionFirst.ToUnixTimeSeconds()}_2",
                ["conv_old_5"] = $"EL_UNKNOWN_{LegacyDatabase.NoDriverCreated.ToUnixTimeSeconds()}_2",
            },
            calls);

        Assert.Equal(
            [("conv_old_1", 1, "Hello, this is dispatch."), ("conv_old_1", 2, "Hi."), ("conv_old_1", 3, "About trip 123."), ("conv_old_1", 4, "Go ahead."),
             ("conv_old_2", 1, "Hello."), ("conv_old_2", 2, "Yes?"),
             ("conv_old_3", 1, "First."), ("conv_old_3", 2, "Second.")],
            await TurnsAsync(schema));
        Assert.Equal(0, await OrphanedTurnsAsync(schema));

        Assert.Contains(_logs.Lines, line => line.Contains("Backfilled call_sid for 5 call(s)"));
        Assert.Contains(_logs.Lines, line => line.Contains("Renumbered 3 transcription(s)"));
    }

    [Fact]
    public async Task Rolling_back_to_the_baseline_and_forward_again_keeps_every_row_and_every_call_sid()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        await LegacyDatabase.CreateWithRowsAsync(connectionString);
        await MigrateAsync(connectionString);
        var schema = new SchemaQueries(connectionString);
        var callsBefore = await CallSidsByConversationAsync(schema);
        var turnsBefore = await TurnsAsync(schema);

        var down = await MigrateAsync(connectionString, Baseline.Id);

        Assert.Equal(Chain.Skip(1).Reverse(), down.Reverted);
        Assert.Equal([Baseline.Id], await schema.HistoryAsync());
        var columns = await schema.ColumnsAsync();
        Assert.DoesNotContain(columns, c => c.Column == "call_sid");
        Assert.Contains(("calls", "conversation_id", "character varying", false), columns);
        Assert.DoesNotContain("uq_call_transcriptions_conversation_seq", (await schema.ConstraintsAsync()).Keys);
        Assert.Equal(callsBefore.Keys.Order(), (await schema.QueryAsync("SELECT conversation_id FROM dev.calls", r => r.GetString(0))).Order());
        Assert.Equal(turnsBefore, await TurnsAsync(schema));

        var up = await MigrateAsync(connectionString);

        Assert.Equal(Chain.Skip(1), up.Applied);
        Assert.Equal(callsBefore, await CallSidsByConversationAsync(schema)); // the backfill gives back the same values
        Assert.Equal(turnsBefore, await TurnsAsync(schema));
        Assert.Equal(0, await OrphanedTurnsAsync(schema));
    }

    [Fact]
    public async Task Rolling_back_below_the_call_sid_column_refuses_while_new_calls_need_theirs_and_changes_nothing()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        await LegacyDatabase.CreateWithRowsAsync(connectionString);
        await MigrateAsync(connectionString);
        var schema = new SchemaQueries(connectionString);
        // A call placed by the new system: its call_sid carries the request's timestamp, which no backfill recreates.
        await schema.ExecuteAsync("""
            INSERT INTO dev.calls (call_sid, conversation_id, driver_id, call_start_time, status, created_at, updated_at)
            VALUES ('EL_9_2025-01-01T00:00:00Z', 'conv_new_1', 9, now(), 'completed', now(), now());
            """);

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => MigrateAsync(connectionString, Baseline.Id));

        Assert.Contains("1 call(s) placed by the new system would lose their call_sid: EL_9_2025-01-01T00:00:00Z", refusal.MessageText);
        Assert.Equal(Chain, await schema.HistoryAsync());
        Assert.Equal("EL_9_2025-01-01T00:00:00Z", (await CallSidsByConversationAsync(schema))["conv_new_1"]);
    }

    [Fact]
    public async Task Conversation_id_rollback_refuses_while_calls_have_none_and_changes_nothing()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        var schema = new SchemaQueries(connectionString);
        await schema.ExecuteAsync("""
            INSERT INTO dev.calls (call_sid, conversation_id, driver_id, call_start_time, status, created_at, updated_at)
            VALUES ('EL_5_2025-02-02T00:00:00Z', NULL, 5, now(), 'failed', now(), now()),
                   ('EL_6_2025-02-02T00:00:00Z', 'conv_ok', 6, now(), 'completed', now(), now());
            """);

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => MigrateAsync(connectionString, "AddCallSid"));

        Assert.Contains("1 call(s) have no conversation_id: EL_5_2025-02-02T00:00:00Z", refusal.MessageText);
        // Step 5's Down ran before step 4 refused; the single transaction took it back as well.
        Assert.Equal(Chain, await schema.HistoryAsync());
        Assert.Contains("uq_call_transcriptions_conversation_seq", (await schema.ConstraintsAsync()).Keys);
        Assert.Contains(("calls", "call_sid", "character varying", false), await schema.ColumnsAsync());
        Assert.Equal(2, (await schema.QueryAsync("SELECT count(*) FROM dev.calls", r => r.GetInt64(0))).Single());
    }

    [Fact]
    public async Task Running_twice_is_a_no_op()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        await MigrateAsync(connectionString);

        var second = await MigrateAsync(connectionString);

        Assert.Equal(DatabaseShapeKind.Ours, second.Found);
        Assert.Empty(second.Applied);
        Assert.Empty(second.Reverted);
        Assert.Equal(Chain[^1], second.Current);
    }

    [Fact]
    public async Task Concurrent_runs_queue_on_the_lock_and_apply_the_chain_once()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();

        var reports = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => MigrateAsync(connectionString)));

        Assert.Equal(Chain, reports.SelectMany(r => r.Applied).Order());
        Assert.Equal(Chain, await new SchemaQueries(connectionString).HistoryAsync());
    }

    [Fact]
    public async Task An_unknown_schema_shape_is_refused_and_left_untouched()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        var schema = new SchemaQueries(connectionString);
        await schema.ExecuteAsync("CREATE SCHEMA dev; CREATE TABLE dev.calls (id integer PRIMARY KEY, phone text);");

        var refusal = await Assert.ThrowsAsync<UnrecognisedSchemaException>(() => MigrateAsync(connectionString));

        Assert.Contains("neither empty, nor the old system's, nor migrated by this chain", refusal.Message);
        Assert.Contains("calls lacks conversation_id", refusal.Message);
        Assert.False(await schema.TableExistsAsync("__EFMigrationsHistory"));
        Assert.Equal(["id", "phone"], (await schema.ColumnsAsync()).Select(c => c.Column));
    }

    [Fact]
    public async Task A_history_with_steps_this_build_does_not_know_is_refused()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        await MigrateAsync(connectionString);
        var schema = new SchemaQueries(connectionString);
        await schema.ExecuteAsync("""INSERT INTO dev."__EFMigrationsHistory" VALUES ('20990101000000_FromTheFuture', '99.0');""");

        var refusal = await Assert.ThrowsAsync<UnrecognisedSchemaException>(() => MigrateAsync(connectionString));

        Assert.Contains("20990101000000_FromTheFuture", refusal.Message);
    }

    [Fact]
    public async Task The_schema_comes_from_configuration()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();

        await MigrateAsync(connectionString, schema: "fleet");

        var fleet = new SchemaQueries(connectionString, "fleet");
        Assert.True(await fleet.TableExistsAsync("calls"));
        Assert.True(await fleet.TableExistsAsync("call_transcriptions"));
        Assert.False(await new SchemaQueries(connectionString, "dev").TableExistsAsync("calls"));
        Assert.Contains("call_transcriptions_conversation_id_fkey", (await fleet.ConstraintsAsync()).Keys);
    }

    private async Task<MigrationReport> MigrateAsync(string connectionString, string? target = null, string schema = "dev")
    {
        await using var db = MigrationDbContext.Create(connectionString, schema);
        return await new DatabaseMigrator(db, _logs.CreateLogger<DatabaseMigrator>()).MigrateAsync(target, TestContext.Current.CancellationToken);
    }

    private static async Task<Dictionary<string, string>> CallSidsByConversationAsync(SchemaQueries schema) =>
        (await schema.QueryAsync("SELECT conversation_id, call_sid FROM dev.calls", r => (r.GetString(0), r.GetString(1))))
            .ToDictionary(x => x.Item1, x => x.Item2);

    private static Task<List<(string, int, string)>> TurnsAsync(SchemaQueries schema) =>
        schema.QueryAsync(
            "SELECT conversation_id, sequence_number, message_text FROM dev.call_transcriptions ORDER BY conversation_id, sequence_number, id",
            r => (r.GetString(0), r.GetInt32(1), r.GetString(2)));

    private static async Task<long> OrphanedTurnsAsync(SchemaQueries schema) =>
        (await schema.QueryAsync(
            "SELECT count(*) FROM dev.call_transcriptions t LEFT JOIN dev.calls c ON c.conversation_id = t.conversation_id WHERE c.id IS NULL",
            r => r.GetInt64(0))).Single();
}
