using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.ElevenLabsEmulator;
using CallSid.Testing;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace CallSid.Calls.Tests;

/// <summary>The SRE's "run it now" operations: one sweeper pass and one hand-over round on demand, each saying what it did.</summary>
public sealed class OperationsApiTests(PostgresClusterFixture cluster)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Running_the_sweeper_now_fails_a_call_never_dialled_finishes_a_silent_one_and_names_both()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        await using var webhooks = await LocalServer.StartAsync((_, context) => context.Response.WriteAsync("{}"));
        await using var emulator = new ServiceHost<EmulatorEntryPoint>(new Dictionary<string, string?>
        {
            ["Emulator:ApiKey"] = CallsServices.ApiKey,
            ["Emulator:WebhookBaseUrl"] = webhooks.Address.ToString(),
            ["Emulator:ConversationTurns"] = "2",
            ["Emulator:AnswerDelay"] = "00:00:00.100",
            ["Emulator:TurnInterval"] = "00:00:00.100",
            ["Emulator:PostCallEvents"] = "false", // the event that would finish the call is lost
        });
        var settings = CallsServices.Settings(connectionString, emulator.BaseAddress, CallsServices.ApiKey);
        settings["CallSweeper:Interval"] = "01:00:00"; // only the pass at start-up, before any call exists
        settings["CallSweeper:AskAfter"] = "00:00:00";
        settings["CallSweeper:AskAgainAfter"] = "00:00:00.100"; // should the start-up pass see the call still going
        await using var calls = new ServiceHost<CallsEntryPoint>(settings);
        var http = calls.CreateClient();
        // The timer's pass at start-up is over once a pass of our own gets the sweep (409 while it runs).
        await Readiness.WaitAsync(async token => (await http.PostAsJsonAsync("/operations/sweep", new { }, token)).IsSuccessStatusCode ? null : "the start-up pass still runs",
            Deadline, TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        var silent = CallRequests.CallSid(980);
        (await http.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(980)), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var conversations = emulator.GetService<EmulatedConversations>();
        await Readiness.WaitAsync(() => conversations.All.Count == 1 && conversations.All[0].Status == "done" ? null : "conversation still going",
            Deadline, TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        var notDialled = CallRequests.CallSid(981);
        await Sql.ExecuteAsync(connectionString,
            "INSERT INTO dev.calls (call_sid, driver_id, status, call_start_time, created_at, updated_at) VALUES ($1, 981, 'in_progress', $2, $2, $2)",
            notDialled, DateTime.UtcNow.AddHours(-1));

        var response = await http.PostAsJsonAsync("/operations/sweep", new { }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal([notDialled], result.GetProperty("failed_not_dialled").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, result.GetProperty("silent_calls_asked").GetInt32());
        Assert.Equal("completed", result.GetProperty("finished").GetProperty(silent).GetString());
        var table = new CallsTable(connectionString);
        Assert.Equal("failed", (await table.FindAsync(notDialled))!.Status);
        Assert.Equal("completed", (await table.FindAsync(silent))!.Status);
    }

    [Theory]
    [InlineData("/operations/sweep", null)]
    [InlineData("/operations/sweep", "application/x-www-form-urlencoded")]
    [InlineData("/operations/handovers/retry", "text/plain")]
    public async Task An_operation_posted_without_a_JSON_body_is_a_415_and_runs_nothing(string path, string? contentType)
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        var settings = CallsServices.Settings(connectionString, TestSettings.NoTranscripts, CallsServices.ApiKey);
        settings["CallSweeper:Interval"] = "01:00:00"; // only the pass at start-up
        await using var calls = new ServiceHost<CallsEntryPoint>(settings);
        var http = calls.CreateClient();
        await Readiness.WaitAsync(async token => (await http.PostAsJsonAsync("/operations/sweep", new { }, token)).IsSuccessStatusCode ? null : "the start-up pass still runs",
            Deadline, TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        // A call that any sweep would fail as never dialled: it must still be in progress afterwards.
        var notDialled = CallRequests.CallSid(982);
        await Sql.ExecuteAsync(connectionString,
            "INSERT INTO dev.calls (call_sid, driver_id, status, call_start_time, created_at, updated_at) VALUES ($1, 982, 'in_progress', $2, $2, $2)",
            notDialled, DateTime.UtcNow.AddHours(-1));

        using var content = contentType is null ? null : new StringContent("{}", System.Text.Encoding.UTF8, contentType);
        var response = await http.PostAsync(path, content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Contains("application/json", error.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal("in_progress", (await new CallsTable(connectionString).FindAsync(notDialled))!.Status);
    }

    [Fact]
    public async Task Running_the_sweeper_while_another_pass_holds_the_lock_is_a_409_that_says_so()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        await using var calls = new ServiceHost<CallsEntryPoint>(CallsServices.Settings(connectionString, TestSettings.NoTranscripts, CallsServices.ApiKey));
        var http = calls.CreateClient();
        await using var otherReplica = new NpgsqlConnection(connectionString);
        await otherReplica.OpenAsync(TestContext.Current.CancellationToken);
        await using (var hold = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended('callsid-call-sweeper:dev', 0))", otherReplica))
        {
            await hold.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var response = await http.PostAsJsonAsync("/operations/sweep", new { }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.StartsWith("A sweep is already running", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrying_hand_overs_now_sends_those_waiting_out_their_back_off_and_leaves_one_in_flight_alone()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        var received = new ConcurrentQueue<string>();
        await using var transcripts = await LocalServer.StartAsync((_, context) =>
        {
            received.Enqueue(context.Request.Path);
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        var settings = CallsServices.Settings(connectionString, TestSettings.NoTranscripts, CallsServices.ApiKey);
        settings["services:transcripts:http:0"] = transcripts.Address.ToString();
        settings["TranscriptHandover:PollInterval"] = "00:10:00"; // nothing is sent unless asked
        await using var calls = new ServiceHost<CallsEntryPoint>(settings);
        var http = calls.CreateClient();
        _ = calls.BaseAddress; // started: its first round found nothing
        var now = DateTime.UtcNow;
        const string Insert = """
            INSERT INTO dev.transcript_handovers (call_sid, conversation_id, payload, attempts, next_attempt_at, last_attempt_at, last_error, created_at)
            VALUES ($1, $2, '{"turns":[]}', 3, $3, $4, 'Transcripts could not be reached', $5)
            """;
        await Sql.ExecuteAsync(connectionString, Insert, "EL_990_T", "conv_backing_off", now.AddHours(1), now.AddMinutes(-10), now.AddMinutes(-30));
        await Sql.ExecuteAsync(connectionString, Insert, "EL_992_T", "conv_failed_just_now", now.AddMinutes(5), now.AddSeconds(-30), now.AddMinutes(-30));
        // Claimed a moment ago: the claim pushes a row exactly one lease (2 min) past its attempt while it is sent.
        await Sql.ExecuteAsync(connectionString, Insert, "EL_991_T", "conv_in_flight", now.AddMinutes(2), now, now.AddMinutes(-30));

        var response = await http.PostAsJsonAsync("/operations/handovers/retry", new { }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["EL_990_T", "EL_992_T"], result.GetProperty("handed_over").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Empty(result.GetProperty("still_failing").EnumerateObject());
        Assert.Equal(1, result.GetProperty("backlog").GetInt64());
        Assert.Equal(["/conversations/conv_backing_off/transcript", "/conversations/conv_failed_just_now/transcript"], received.Order());
        var left = await Sql.QueryAsync(connectionString, "SELECT call_sid FROM dev.transcript_handovers", r => r.GetString(0));
        Assert.Equal(["EL_991_T"], left);
    }
}
