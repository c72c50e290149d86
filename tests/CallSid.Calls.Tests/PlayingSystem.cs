using System.Net.Http.Json;
using System.Text.Json;
using CallSid.ElevenLabsEmulator;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>
/// A test's own system with calls that end: a migrated database, Calls on a known port, and the emulator playing each
/// accepted call (one turn, delivered only in the post-call transcript) and sending its post-call event to Calls.
/// </summary>
public sealed class PlayingSystem : IAsyncDisposable
{
    private PlayingSystem(string connectionString, ServiceHost<EmulatorEntryPoint> emulator, ServiceHost<CallsEntryPoint> calls)
    {
        ConnectionString = connectionString;
        Emulator = emulator;
        Calls = calls;
    }

    public string ConnectionString { get; }

    public ServiceHost<EmulatorEntryPoint> Emulator { get; }

    public ServiceHost<CallsEntryPoint> Calls { get; }

    public EmulatedConversations Conversations => Emulator.GetService<EmulatedConversations>();

    /// <param name="emulatorSettings">On top of quick playback (answered after 100 ms, one turn, no per-turn webhook).</param>
    /// <param name="callsSettings">On top of <see cref="CallsServices.Settings"/>, with a queue polled every 200 ms.</param>
    public static async Task<PlayingSystem> StartAsync(
        PostgresClusterFixture cluster, Dictionary<string, string?> emulatorSettings, Dictionary<string, string?> callsSettings)
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        var callsPort = PortAllocator.GetFreePort();
        var emulator = new ServiceHost<EmulatorEntryPoint>(TestSettings.With(new Dictionary<string, string?>
        {
            ["Emulator:ApiKey"] = CallsServices.ApiKey,
            ["Emulator:WebhookBaseUrl"] = $"http://127.0.0.1:{callsPort}/",
            ["Emulator:ConversationTurns"] = "1",
            ["Emulator:SkipTurns"] = "1",
            ["Emulator:AnswerDelay"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        }, emulatorSettings));
        var settings = CallsServices.Settings(connectionString, emulator.BaseAddress, CallsServices.ApiKey);
        settings["CallPlacement:QueuePollInterval"] = "00:00:00.200";
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning";
        settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning";
        settings["Logging:LogLevel:CallSid.Calls.Services.TranscriptHandoverDispatcher"] = "Error"; // no Transcripts here
        settings["Logging:LogLevel:Polly"] = "None";
        var calls = new ServiceHost<CallsEntryPoint>(TestSettings.With(settings, callsSettings), port: callsPort);
        _ = calls.BaseAddress;
        return new PlayingSystem(connectionString, emulator, calls);
    }

    /// <summary>Asks for calls to drivers <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1, 100 per request, all at once.</summary>
    public async Task<List<JsonElement>> CallDriversAsync(int first, int count, Func<int, string>? phoneOf = null)
    {
        var http = Calls.CreateClient();
        var batches = Enumerable.Range(first, count).Chunk(100).Select(async ids =>
        {
            var drivers = ids.Select(id => CallRequests.Driver(id, phoneOf?.Invoke(id) ?? "+15551234567")).ToArray();
            var response = await http.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(drivers), TestContext.Current.CancellationToken);
            return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        });
        return [.. await Task.WhenAll(batches)];
    }

    /// <summary>Each call's status, attempt and first attempt, by call_sid.</summary>
    public Task<List<(string CallSid, string Status, int Attempt, string? FirstCallSid, DateTime Start, DateTime? End)>> CallsAsync() =>
        Sql.QueryAsync(ConnectionString, "SELECT call_sid, status, attempt, first_call_sid, call_start_time, call_end_time FROM dev.calls ORDER BY id",
            r => (r.GetString(0), r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetDateTime(4), r.IsDBNull(5) ? null : (DateTime?)r.GetDateTime(5)));

    /// <summary>The call_sid of each dial the emulator accepted (200) or refused with 429.</summary>
    public (List<string> Accepted, int Throttled) Dials()
    {
        var received = Emulator.GetService<ReceivedCalls>().All;
        var accepted = received.Where(c => c.StatusCode == 200 && c.ConversationId is not null)
            .Select(c => c.Body.GetProperty("conversation_initiation_client_data").GetProperty("dynamic_variables").GetProperty("call_sid").GetString()!)
            .ToList();
        return (accepted, received.Count(c => c.StatusCode == 429));
    }

    public async ValueTask DisposeAsync()
    {
        await Calls.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
