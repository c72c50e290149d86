using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallSid.Calls;
using CallSid.Edge;
using CallSid.ElevenLabsEmulator;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>
/// The webhook path as it runs in production, each service on its own real port: ElevenLabs' emulator, Calls,
/// Transcripts and the edge in front, on a migrated database of the test class's own.
/// </summary>
public sealed class WebhookSystem(PostgresClusterFixture cluster) : IAsyncLifetime
{
    public const string ApiKey = "xi-test-0b5e";
    public const string TranscriptionToken = "turn-token-9f3a";
    public const string PostCallSecret = "wsec_test_77d2";

    public string ConnectionString { get; private set; } = string.Empty;

    public ServiceHost<EmulatorEntryPoint> Emulator { get; private set; } = null!;

    public ServiceHost<CallsEntryPoint> Calls { get; private set; } = null!;

    public ServiceHost<TranscriptsEntryPoint> Transcripts { get; private set; } = null!;

    public ServiceHost<EdgeEntryPoint> Edge { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await cluster.CreateMigratedDatabaseAsync();
        Emulator = new ServiceHost<EmulatorEntryPoint>(new Dictionary<string, string?> { ["Emulator:ApiKey"] = ApiKey, ["Emulator:ConversationTurns"] = "0" });
        Calls = new ServiceHost<CallsEntryPoint>(CallsSettings());
        Transcripts = StartTranscripts(Calls.BaseAddress);
        Edge = new ServiceHost<EdgeEntryPoint>(new Dictionary<string, string?>
        {
            ["services:transcripts:http:0"] = Transcripts.BaseAddress.ToString(),
            ["services:calls:http:0"] = Calls.BaseAddress.ToString(),
            ["Webhooks:TranscriptionToken"] = TranscriptionToken,
            ["Webhooks:PostCallSecret"] = PostCallSecret,
        });
        _ = Edge.BaseAddress;
    }

    public Dictionary<string, string?> CallsSettings() => TestSettings.Calls(ConnectionString, Emulator.BaseAddress, ApiKey);

    /// <param name="productionBudgets">Run with production's time budgets (appsettings.json) instead of a loaded test machine's.</param>
    public ServiceHost<TranscriptsEntryPoint> StartTranscripts(Uri calls, Dictionary<string, string?>? extra = null, bool productionBudgets = false)
    {
        var settings = TestSettings.Transcripts(ConnectionString, calls);
        if (productionBudgets)
        {
            foreach (var key in TestSettings.LoadedMachineBudgets.Keys)
            {
                settings.Remove(key);
            }
        }

        var host = new ServiceHost<TranscriptsEntryPoint>(TestSettings.With(settings, extra ?? []));
        _ = host.BaseAddress;
        return host;
    }

    /// <summary>Places a call through the Calls API (so it has a conversation_id) and returns its call_sid.</summary>
    public async Task<(string CallSid, string? ConversationId)> PlaceCallAsync(int driverId, string phoneNumber = "+15551234567")
    {
        var response = await Calls.CreateClient().PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(driverId, phoneNumber)));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var conversation = body.GetProperty("conversation_id");
        return (body.GetProperty("call_sid").GetString()!, conversation.ValueKind == JsonValueKind.String ? conversation.GetString() : null);
    }

    /// <summary>One turn as ElevenLabs' server tool sends it, through the edge.</summary>
    public Task<HttpResponseMessage> PostTurnAsync(object turn, HttpClient? client = null, string? traceparent = null) =>
        PostTurnJsonAsync(JsonSerializer.Serialize(turn), client, traceparent);

    public Task<HttpResponseMessage> PostTurnJsonAsync(string json, HttpClient? client = null, string? traceparent = null) =>
        PostTurnContentAsync(new StringContent(json, Encoding.UTF8, "application/json"), client, traceparent);

    /// <summary>Any body, with the per-turn webhook's bearer token, through the edge.</summary>
    public Task<HttpResponseMessage> PostTurnContentAsync(HttpContent content, HttpClient? client = null, string? traceparent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/transcription") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TranscriptionToken);
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }

        return (client ?? Edge.CreateClient()).SendAsync(request);
    }

    public static object Turn(string callSid, string message, string speaker = "agent", string timestamp = "2024-11-21T10:30:00Z") =>
        new { call_sid = callSid, speaker, message, timestamp };

    public Task<List<(int Sequence, string Speaker, string Message, DateTime Timestamp)>> StoredTurnsAsync(string conversationId) =>
        Sql.QueryAsync(
            ConnectionString,
            "SELECT sequence_number, speaker_type, message_text, timestamp FROM dev.call_transcriptions WHERE conversation_id = $1 ORDER BY sequence_number",
            reader => (reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3)),
            conversationId);

    public async ValueTask DisposeAsync()
    {
        await Edge.DisposeAsync();
        await Transcripts.DisposeAsync();
        await Calls.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
