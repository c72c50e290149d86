using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.ElevenLabsEmulator;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>The dial queue is the database: a restart loses no queued driver, and none is dialled twice.</summary>
public sealed class DialQueueTests(PostgresClusterFixture cluster)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Queued_drivers_survive_a_restart_and_are_dialled_once_each_as_calls_end()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        // No playback: a call stays live until it is finished by hand below.
        await using var emulator = new ServiceHost<EmulatorEntryPoint>(new Dictionary<string, string?>
        {
            ["Emulator:ApiKey"] = CallsServices.ApiKey,
            ["Emulator:ConversationTurns"] = "0",
        });
        var settings = CallsServices.Settings(connectionString, emulator.BaseAddress, CallsServices.ApiKey);
        settings["ElevenLabs:ConcurrencyLimit"] = "1";
        settings["CallPlacement:QueuePollInterval"] = "00:00:00.200";
        var received = emulator.GetService<ReceivedCalls>();

        JsonElement batch;
        await using (var first = new ServiceHost<CallsEntryPoint>(settings))
        {
            var response = await first.CreateClient().PostAsJsonAsync("/driver_data/call-elevenlabs",
                CallRequests.Batch(CallRequests.Driver(701), CallRequests.Driver(702), CallRequests.Driver(703)), TestContext.Current.CancellationToken);
            batch = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            var single = await first.CreateClient().PostAsJsonAsync("/driver_data/call-elevenlabs",
                CallRequests.Batch(CallRequests.Driver(704)), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, single.StatusCode);
            Assert.Equal("queued", (await single.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("call_status").GetString());
        }

        Assert.Equal("success", batch.GetProperty("status").GetString());
        Assert.Equal((1, 2, 0), (batch.GetProperty("succeeded").GetInt32(), batch.GetProperty("queued").GetInt32(), batch.GetProperty("failed").GetInt32()));
        var results = batch.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["in_progress", "queued", "queued"], results.Select(r => r.GetProperty("call_status").GetString()).Order());
        var dialled = Assert.Single(received.All);
        Assert.Equal(results.Single(r => r.GetProperty("call_status").GetString() == "in_progress").GetProperty("call_sid").GetString(), CallSidOf(dialled));

        await using var again = new ServiceHost<CallsEntryPoint>(settings);
        var http = again.CreateClient();
        var waiting = await http.GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(CallRequests.CallSid(704))}", TestContext.Current.CancellationToken);
        Assert.Equal("queued", waiting.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("conversation_id").ValueKind);

        // Each call that ends makes room for the next, one at a time, in the order they were queued (704 last).
        for (var dials = 2; dials <= 4; dials++)
        {
            (await http.PutAsJsonAsync($"/calls/{Uri.EscapeDataString(CallSidOf(received.All[^1]))}/status", new { status = "completed" }, TestContext.Current.CancellationToken))
                .EnsureSuccessStatusCode();
            var expected = dials;
            await Readiness.WaitAsync(() => received.All.Count == expected ? null : $"{received.All.Count} dials so far", Deadline,
                TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        }

        Assert.Equal(new[] { 701, 702, 703, 704 }.Select(id => CallRequests.CallSid(id)), received.All.Select(CallSidOf).Order());
        Assert.Equal(CallRequests.CallSid(704), CallSidOf(received.All[^1]));
        Assert.Equal(0L, await Sql.ScalarAsync(connectionString, "SELECT count(*) FROM dev.dial_requests WHERE dial_after IS NOT NULL"));
    }

    private static string CallSidOf(ReceivedCall call) =>
        call.Body.GetProperty("conversation_initiation_client_data").GetProperty("dynamic_variables").GetProperty("call_sid").GetString()!;
}
