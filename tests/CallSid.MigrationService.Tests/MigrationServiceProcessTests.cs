using CallSid.Testing;

namespace CallSid.MigrationService.Tests;

/// <summary>The MigrationService as operators run it: a process whose exit code and log say what happened.</summary>
public sealed class MigrationServiceProcessTests(PostgresClusterFixture cluster)
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Migrates_exits_zero_and_a_second_run_does_nothing()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();

        var first = await RunAsync(connectionString);
        var second = await RunAsync(connectionString);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("Database now at 20251121001100_DialQueue", first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("nothing to do", second.Output);
    }

    [Fact]
    public async Task Target_rolls_back_to_a_named_migration()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        await RunAsync(connectionString);

        var rollback = await RunAsync(connectionString, "--target", "CallSidConstraints");

        Assert.True(rollback.ExitCode == 0, rollback.Output);
        Assert.Contains(
            "reverted: 20251121001100_DialQueue, 20251121001000_CallOutcomes, 20251121000900_TranscriptHandovers, 20251121000800_TranscriptTurnSource, 20251121000700_CallTwilioCallSid, " +
            "20251121000600_CallFailureReason, 20251121000500_UniqueTranscriptSequence, 20251121000400_ConversationIdNullable",
            rollback.Output);
        var history = await new SchemaQueries(connectionString).HistoryAsync();
        Assert.Equal("20251121000300_CallSidConstraints", history[^1]);
    }

    [Fact]
    public async Task Unreachable_database_exits_non_zero_with_one_clear_line()
    {
        var nobodyListens = $"Host=127.0.0.1;Port={PortAllocator.GetFreePort()};Username=postgres;Password=not-logged;Database=callsdb";

        var result = await RunAsync(nobodyListens, environment: new() { ["Migrations__DatabaseWaitTimeout"] = "00:00:02" });

        Assert.Equal(1, result.ExitCode);
        var failure = Assert.Single(result.Output.Split('\n'), line => line.Contains("Migration failed:"));
        Assert.Contains("did not accept connections within 2 s", failure);
        Assert.DoesNotContain("   at ", result.Output); // no stack trace
        Assert.DoesNotContain("not-logged", result.Output);
    }

    [Fact]
    public async Task A_refused_login_fails_at_once_with_PostgreSQLs_reason()
    {
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(await cluster.CreateEmptyDatabaseAsync()) { Username = "nobody" }.ConnectionString;

        var result = await RunAsync(connectionString, environment: new() { ["Migrations__DatabaseWaitTimeout"] = "00:05:00" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Migration failed: role \"nobody\" does not exist", result.Output);
        Assert.DoesNotContain("Waiting for PostgreSQL", result.Output); // not mistaken for a server still starting
    }

    [Fact]
    public async Task Unknown_schema_shape_exits_non_zero_with_a_clear_message()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        await new SchemaQueries(connectionString).ExecuteAsync("CREATE SCHEMA dev; CREATE TABLE dev.call_transcriptions (id integer);");

        var result = await RunAsync(connectionString);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Migration failed: Schema \"dev\" is neither empty, nor the old system's, nor migrated by this chain", result.Output);
    }

    [Fact]
    public async Task Missing_connection_string_exits_non_zero_and_names_the_setting()
    {
        var result = await ProjectProcess.RunAsync<Projects.CallSid_MigrationService>([], new Dictionary<string, string>(), ProcessTimeout);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ConnectionStrings__callsdb", result.Output);
    }

    private static Task<ProcessResult> RunAsync(string connectionString, params string[] arguments) =>
        RunAsync(connectionString, arguments, environment: null);

    private static Task<ProcessResult> RunAsync(string connectionString, string[]? arguments = null, Dictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? []) { ["ConnectionStrings__callsdb"] = connectionString };
        return ProjectProcess.RunAsync<Projects.CallSid_MigrationService>(arguments ?? [], variables, ProcessTimeout);
    }
}
