using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Hosting.Processes;
using CallSid.Calls;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>When a dependency is down the sender is told to retry (503), never a 500; what is cached still works.</summary>
public sealed class OutageTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    [Fact]
    public async Task With_Calls_stopped_a_cached_call_sid_is_stored_and_an_uncached_one_is_a_503()
    {
        var calls = new ServiceHost<CallsEntryPoint>(system.CallsSettings());
        await using var transcripts = system.StartTranscripts(calls.BaseAddress, new() { ["HttpResilience:calls:RetryDelay"] = "00:00:00.050" });
        var (cachedCallSid, _) = await system.PlaceCallAsync(800);
        var (uncachedCallSid, _) = await system.PlaceCallAsync(801);
        var client = transcripts.CreateClient();
        (await client.PostAsJsonAsync("/webhooks/elevenlabs/transcription", WebhookSystem.Turn(cachedCallSid, "warms the cache"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await calls.DisposeAsync();
        using var cached = await client.PostAsJsonAsync("/webhooks/elevenlabs/transcription", WebhookSystem.Turn(cachedCallSid, "Calls is down now"), TestContext.Current.CancellationToken);
        using var uncached = await client.PostAsJsonAsync("/webhooks/elevenlabs/transcription", WebhookSystem.Turn(uncachedCallSid, "Calls is down now"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, cached.StatusCode);
        Assert.Equal(2, (await cached.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("sequence_number").GetInt32());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, uncached.StatusCode);
        var error = await uncached.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal("Calls service unavailable. Please retry.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task With_the_database_down_a_turn_is_a_503()
    {
        var (callSid, _) = await system.PlaceCallAsync(802);
        var nowhere = $"Host=127.0.0.1;Port={PortAllocator.GetFreePort()};Username=postgres;Database=callsdb";
        await using var transcripts = system.StartTranscripts(system.Calls.BaseAddress, new()
        {
            ["ConnectionStrings:callsdb"] = nowhere,
            ["Database:MaxRetryCount"] = "0",
        });

        using var response = await transcripts.CreateClient().PostAsJsonAsync("/webhooks/elevenlabs/transcription", WebhookSystem.Turn(callSid, "no database"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Database connection error. Please retry.", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("message").GetString());
    }
}
