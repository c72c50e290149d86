using System.Net.Http.Json;
using System.Text.Json;
using CallSid.ElevenLabsEmulator;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>A test class's own system: a migrated database, the ElevenLabs emulator and the Calls service, on real ports.</summary>
public sealed class CallsServices(PostgresClusterFixture cluster) : IAsyncLifetime
{
    public const string ApiKey = "xi-test-4f1d9c2b7e8a";
    public const string SlowNumber = "+15557770002";
    public const string LateAnswerNumber = "+15557770003";
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    public string ConnectionString { get; private set; } = string.Empty;

    public ServiceHost<EmulatorEntryPoint> Emulator { get; private set; } = null!;

    public ServiceHost<CallsEntryPoint> Calls { get; private set; } = null!;

    public ReceivedCalls Received => Emulator.GetService<ReceivedCalls>();

    public CallsTable Table => new(ConnectionString);

    public HttpClient CreateClient() => Calls.CreateClient();

    /// <summary>Places one driver's call through the API and returns its call_sid and conversation_id.</summary>
    public async Task<(string CallSid, string? ConversationId)> PlaceCallAsync(int driverId, string timestamp = CallRequests.Timestamp)
    {
        var response = await CreateClient().PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.BatchAt(timestamp, CallRequests.Driver(driverId)));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("call_sid").GetString()!, body.GetProperty("conversation_id").GetString());
    }

    /// <summary>Places one driver's call, which ElevenLabs must accept: its call_sid and conversation_id.</summary>
    public async Task<(string CallSid, string ConversationId)> PlaceAcceptedCallAsync(int driverId)
    {
        var (callSid, conversationId) = await PlaceCallAsync(driverId);
        return (callSid, conversationId ?? throw new InvalidOperationException($"ElevenLabs did not accept {callSid}."));
    }

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await cluster.CreateMigratedDatabaseAsync();
        Emulator = new ServiceHost<EmulatorEntryPoint>(new Dictionary<string, string?>
        {
            ["Emulator:ApiKey"] = ApiKey,
            ["Emulator:ConversationTurns"] = "0",
            // Next to the defaults (...0000 answers 500, ...0001 answers success=false): ...0002 answers after the dial's timeout.
            ["Emulator:Failures:2:NumberSuffix"] = "0002",
            ["Emulator:Failures:2:Delay"] = "00:00:05",
            // ...0003 accepts the call, its answer half a second late (well within the dial's 2 s timeout).
            ["Emulator:Failures:3:NumberSuffix"] = "0003",
            ["Emulator:Failures:3:Success"] = "true",
            ["Emulator:Failures:3:Delay"] = "00:00:00.500",
        });
        Calls = new ServiceHost<CallsEntryPoint>(Settings(ConnectionString, Emulator.BaseAddress, ApiKey));
        _ = Calls.BaseAddress;
    }

    public static Dictionary<string, string?> Settings(string connectionString, Uri elevenLabs, string apiKey)
    {
        var settings = TestSettings.Calls(connectionString, elevenLabs, apiKey);
        settings["ElevenLabs:RequestTimeout"] = RequestTimeout.ToString();
        settings["CallPlacement:MaxConcurrentDials"] = "2";
        // Everything, down to HttpClient's header logging, so tests can look for secrets in it.
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace";
        settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information";
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await Calls.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
