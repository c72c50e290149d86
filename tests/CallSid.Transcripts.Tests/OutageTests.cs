using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CallSid.Calls;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>
/// When a dependency is down the sender is told to retry (503 with Retry-After), never a 500, and is told fast: a
/// refused connection is not waited on, and the whole request is bounded by its budget, retries included. What is
/// cached still works.
/// </summary>
public sealed class OutageTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    /// <summary>
    /// Without the budget these took 9 s and more (the database's retries, then the Calls client's). Far above the
    /// budget, so a loaded machine cannot make this fail, yet far below what an unbounded request takes.
    /// </summary>
    private static readonly TimeSpan WellWithinUnboundedTime = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task With_Calls_stopped_a_cached_call_sid_is_stored_and_an_uncached_one_is_a_quick_503()
    {
        var calls = new ServiceHost<CallsEntryPoint>(system.CallsSettings());
        await using var transcripts = system.StartTranscripts(calls.BaseAddress, productionBudgets: true);
        var (cachedCallSid, _) = await system.PlaceCallAsync(800);
        var (uncachedCallSid, _) = await system.PlaceCallAsync(801);
        var client = transcripts.CreateClient();
        await PostUntilStoredAsync(client, WebhookSystem.Turn(cachedCallSid, "warms the cache"));

        await calls.DisposeAsync();
        using var cached = await client.PostAsJsonAsync("/webhooks/elevenlabs/transcription", WebhookSystem.Turn(cachedCallSid, "Calls is down now"), TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();
        using var uncached = await client.PostAsJsonAsync("/webhooks/elevenlabs/transcription", WebhookSystem.Turn(uncachedCallSid, "Calls is down now"), TestContext.Current.CancellationToken);
        var took = clock.Elapsed;

        Assert.Equal(HttpStatusCode.Created, cached.StatusCode);
        Assert.Equal(2, (await cached.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("sequence_number").GetInt32());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, uncached.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), uncached.Headers.RetryAfter!.Delta);
        var error = await uncached.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal("Calls service unavailable. Please retry.", error.GetProperty("message").GetString());
        Assert.True(took < WellWithinUnboundedTime, $"the 503 took {took}");
    }

    [Fact]
    public async Task With_the_database_down_a_turn_is_a_503_at_once_not_after_the_database_retries()
    {
        var (callSid, _) = await system.PlaceCallAsync(802);
        var nowhere = $"Host=127.0.0.1;Port={PortAllocator.GetFreePort()};Username=postgres;Database=callsdb";
        await using var transcripts = system.StartTranscripts(system.Calls.BaseAddress, new() { ["ConnectionStrings:callsdb"] = nowhere }, productionBudgets: true);
        var client = transcripts.CreateClient();

        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/webhooks/elevenlabs/transcription", WebhookSystem.Turn(callSid, "no database"), TestContext.Current.CancellationToken);
        var took = clock.Elapsed;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        Assert.Equal("Database connection error. Please retry.", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("message").GetString());
        Assert.True(took < WellWithinUnboundedTime, $"the 503 took {took}");
    }

    [Fact]
    public async Task A_database_that_accepts_connections_but_never_answers_is_a_503_after_the_connect_timeout_not_the_driver_default()
    {
        var (callSid, _) = await system.PlaceCallAsync(803);
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts connections, says nothing
        silent.Start();
        var hanging = $"Host=127.0.0.1;Port={((IPEndPoint)silent.LocalEndpoint).Port};Username=postgres;Database=callsdb";
        await using var transcripts = system.StartTranscripts(system.Calls.BaseAddress, new()
        {
            ["ConnectionStrings:callsdb"] = hanging,
            ["Transcripts:RequestBudget"] = "00:00:03", // a tool willing to wait 3 s
            ["Database:ConnectTimeout"] = "00:00:01",
        }, productionBudgets: true);
        var client = transcripts.CreateClient();

        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/webhooks/elevenlabs/transcription", WebhookSystem.Turn(callSid, "a stuck database"), TestContext.Current.CancellationToken);
        var took = clock.Elapsed;

        // Connect attempts of 1 s each (3 s by default), retried while the 3 s budget lasts; either way a 503 to retry.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        Assert.Contains(
            (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("message").GetString(),
            new[] { "Database connection error. Please retry.", "Service unavailable. Please retry." });
        Assert.True(took < TimeSpan.FromSeconds(10), $"the 503 took {took} (Npgsql's own default is 15 s)");
    }

    [Fact]
    public async Task A_Calls_service_that_never_answers_costs_a_turn_its_budget_and_no_more()
    {
        var (callSid, _) = await system.PlaceCallAsync(804);
        await using var stuckCalls = await LocalServer.StartAsync(async (_, context) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        // The lookup itself gives up after 5 s (production: 700 ms), so the stuck server is released soon after the test.
        await using var transcripts = system.StartTranscripts(stuckCalls.Address, new()
        {
            ["Transcripts:RequestBudget"] = "00:00:01",
            ["HttpResilience:calls:TotalTimeout"] = "00:00:05",
            ["HttpResilience:calls:AttemptTimeout"] = "00:00:05",
        });

        var clock = Stopwatch.StartNew();
        using var response = await transcripts.CreateClient().PostAsJsonAsync("/webhooks/elevenlabs/transcription", WebhookSystem.Turn(callSid, "nobody home"), TestContext.Current.CancellationToken);
        var took = clock.Elapsed;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("The request did not complete within its 1000 ms budget", error.GetProperty("details").GetString());
        Assert.True(took < TimeSpan.FromSeconds(20), $"the 503 took {took} (the Calls client alone would wait 60 s)");
    }

    private static async Task PostUntilStoredAsync(HttpClient client, object turn) =>
        await Readiness.WaitAsync(
            async token =>
            {
                using var response = await client.PostAsJsonAsync("/webhooks/elevenlabs/transcription", turn, token);
                return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode}";
            },
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(200));
}
