using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Calls.Services;
using CallSid.ElevenLabsEmulator;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>Stranded calls are settled: never dialled, or never told how they ended.</summary>
public sealed class CallSweeperTests(PostgresClusterFixture cluster)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_call_written_but_never_dialled_because_the_process_was_killed_is_swept_to_failed_with_its_reason()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        var table = new CallsTable(connectionString);
        var callSid = CallRequests.CallSid(950);
        var dialArrived = new TaskCompletionSource();
        // An ElevenLabs that takes the request and never answers: the process is killed while it waits.
        await using var elevenLabs = await LocalServer.StartAsync(async (_, context) =>
        {
            dialArrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        var port = PortAllocator.GetFreePort();
        var environment = TestSettings.Calls(connectionString, elevenLabs.Address, CallsServices.ApiKey)
            .ToDictionary(setting => setting.Key.Replace(":", "__"), setting => setting.Value!);
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        await using (var first = ProjectProcess.Start<Projects.CallSid_Calls>([], environment))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Readiness.WaitAsync(async token =>
            {
                try
                {
                    return (await http.GetAsync("/health", token)).IsSuccessStatusCode ? null : "not healthy";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                {
                    return $"not listening: {e.Message}\n{first.Output}";
                }
            }, Deadline, TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);

            var placing = http.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(950)), TestContext.Current.CancellationToken);
            await dialArrived.Task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
            Posix.Signal(first.Id, Posix.SigKill);
            await first.WaitForExitAsync(Deadline);
            await Assert.ThrowsAnyAsync<Exception>(() => placing); // the caller never had an answer
        }

        var stranded = await table.FindAsync(callSid);
        Assert.Equal("in_progress", stranded!.Status);
        Assert.Null(stranded.ConversationId);

        // The service again (or another replica): its sweeper settles the call once nobody can still be dialling it.
        var settings = CallsServices.Settings(connectionString, elevenLabs.Address, CallsServices.ApiKey);
        settings["ElevenLabs:RequestTimeout"] = "00:00:01";
        settings["CallSweeper:NotDialledAfter"] = "00:00:07"; // must exceed the 1 s request timeout plus 5 s
        settings["CallSweeper:Interval"] = "00:00:00.200";
        await using var again = new ServiceHost<CallsEntryPoint>(settings);
        _ = again.BaseAddress;
        await Readiness.WaitAsync(async _ => (await table.FindAsync(callSid))!.Status == "failed" ? null : "still in_progress", Deadline, TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);

        var swept = await table.FindAsync(callSid);
        Assert.Equal("not dialled: the service stopped before dialling", swept!.FailureReason);
        Assert.NotNull(swept.CallEndTime);
        var call = await again.CreateClient().GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(callSid)}", TestContext.Current.CancellationToken);
        Assert.Equal("failed", call.GetProperty("status").GetString());
        Assert.Equal(CallSweeper.NotDialledReason, call.GetProperty("failure_reason").GetString());
        Assert.Equal(1, elevenLabs.Requests); // and nothing dialled it again
        Assert.Contains(again.Logs.Lines, line => line.Contains($"Call {callSid} swept to failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_without_a_post_call_event_are_finished_from_ElevenLabs_answer_by_one_of_two_replicas()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        var table = new CallsTable(connectionString);
        await using var webhooks = await LocalServer.StartAsync((_, context) => Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, "{}"));
        // ElevenLabs plays each call to its end, but its post-call event is lost.
        await using var emulator = new ServiceHost<EmulatorEntryPoint>(new Dictionary<string, string?>
        {
            ["Emulator:ApiKey"] = CallsServices.ApiKey,
            ["Emulator:WebhookBaseUrl"] = webhooks.Address.ToString(),
            ["Emulator:ConversationTurns"] = "3",
            ["Emulator:AnswerDelay"] = "00:00:00.100",
            ["Emulator:TurnInterval"] = "00:00:00.100",
            ["Emulator:PostCallEvents"] = "false",
        });
        var conversations = emulator.GetService<EmulatedConversations>();
        int[] drivers = [960, 961, 962];
        await using (var placing = new ServiceHost<CallsEntryPoint>(CallsServices.Settings(connectionString, emulator.BaseAddress, CallsServices.ApiKey)))
        {
            // Its own sweeper would ask only after the default CallSweeper:AskAfter of 2 h.
            var response = await placing.CreateClient().PostAsJsonAsync("/driver_data/call-elevenlabs",
                CallRequests.Batch(drivers.Select(id => CallRequests.Driver(id)).ToArray()), TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
        }

        await Readiness.WaitAsync(() => conversations.All.Count == 3 && conversations.All.All(c => c.Status == "done") ? null : "conversations still going",
            Deadline, TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        foreach (var id in drivers)
        {
            Assert.Equal("in_progress", (await table.FindAsync(CallRequests.CallSid(id)))!.Status);
        }

        // Two replicas, both sweeping every 100 ms and asking at once.
        var settings = CallsServices.Settings(connectionString, emulator.BaseAddress, CallsServices.ApiKey);
        settings["CallSweeper:AskAfter"] = "00:00:00";
        settings["CallSweeper:Interval"] = "00:00:00.100";
        await using var replicaA = new ServiceHost<CallsEntryPoint>(settings);
        await using var replicaB = new ServiceHost<CallsEntryPoint>(settings);
        _ = replicaA.BaseAddress;
        _ = replicaB.BaseAddress;
        await Readiness.WaitAsync(async _ =>
        {
            var statuses = await Task.WhenAll(drivers.Select(async id => (await table.FindAsync(CallRequests.CallSid(id)))!.Status));
            return statuses.All(s => s == "completed") ? null : $"statuses: {string.Join(", ", statuses)}";
        }, Deadline, TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);

        Assert.All(conversations.All, c => Assert.Equal(1, c.Lookups)); // one sweeper acted on each call
        foreach (var id in drivers)
        {
            var callSid = CallRequests.CallSid(id);
            using var payload = JsonDocument.Parse(Assert.Single(await table.QueuedTranscriptsAsync(callSid)));
            Assert.Equal(3, payload.RootElement.GetProperty("turns").GetArrayLength()); // its words wait for Transcripts
            var swept = replicaA.Logs.Lines.Concat(replicaB.Logs.Lines).Count(line => line.Contains($"Call {callSid} had no post-call event", StringComparison.Ordinal));
            Assert.Equal(1, swept);
            Assert.NotNull((await table.FindAsync(callSid))!.TwilioCallSid);
        }
    }

    [Fact]
    public async Task A_conversation_ElevenLabs_still_reports_as_initiated_is_left_in_progress_and_asked_about_again_later()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        // No playback: ElevenLabs keeps reporting the conversation as initiated.
        await using var emulator = new ServiceHost<EmulatorEntryPoint>(new Dictionary<string, string?> { ["Emulator:ApiKey"] = CallsServices.ApiKey, ["Emulator:ConversationTurns"] = "0" });
        var settings = CallsServices.Settings(connectionString, emulator.BaseAddress, CallsServices.ApiKey);
        settings["CallSweeper:AskAfter"] = "00:00:00";
        settings["CallSweeper:AskAgainAfter"] = "00:00:00.300";
        settings["CallSweeper:Interval"] = "00:00:00.100";
        await using var calls = new ServiceHost<CallsEntryPoint>(settings);

        var response = await calls.CreateClient().PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(970)), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var conversation = Assert.Single(emulator.GetService<EmulatedConversations>().All);
        await Readiness.WaitAsync(() => conversation.Lookups >= 2 ? null : $"{conversation.Lookups} lookup(s)", Deadline, TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);

        var table = new CallsTable(connectionString);
        Assert.Equal("in_progress", (await table.FindAsync(CallRequests.CallSid(970)))!.Status);
        Assert.Empty(await table.QueuedTranscriptsAsync(CallRequests.CallSid(970)));
        Assert.Contains(calls.Logs.Lines, line => line.Contains("reports conversation " + conversation.ConversationId + " as initiated; asking again in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_not_dialled_threshold_shorter_than_a_dial_stops_the_service_at_start()
    {
        var settings = CallsServices.Settings("Host=127.0.0.1;Database=unused", new Uri("http://127.0.0.1:1"), CallsServices.ApiKey);
        settings["ElevenLabs:RequestTimeout"] = "00:00:10";
        settings["CallSweeper:NotDialledAfter"] = "00:00:12";
        await using var calls = new ServiceHost<CallsEntryPoint>(settings);

        var error = Assert.ThrowsAny<Exception>(() => calls.BaseAddress);

        Assert.Contains("CallSweeper:NotDialledAfter must exceed the longest a dial may take", error.ToString());
    }
}
