using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Calls;
using CallSid.Edge;
using CallSid.ElevenLabsEmulator;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>
/// The whole system for one test, as the AppHost runs it: the emulator plays each accepted call back through the
/// edge (per-turn webhooks, then the signed post-call event), Calls hands post-call transcripts to Transcripts. Every
/// service listens on a port known before any starts, so Transcripts can be stopped and started again there; with
/// <c>transcriptsAsProcess</c> it runs as a real process (dotnet CallSid.Transcripts.dll) that can be killed.
/// </summary>
public sealed class PlaybackSystem : IAsyncDisposable
{
    public const string ApiKey = "xi-test-7c41";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly int _transcriptsPort = PortAllocator.GetFreePort();
    private readonly int _edgePort = PortAllocator.GetFreePort();
    private readonly bool _transcriptsAsProcess;
    private ServiceHost<TranscriptsEntryPoint>? _transcriptsHost;
    private RunningProject? _transcriptsProcess;

    private PlaybackSystem(string connectionString, bool transcriptsAsProcess)
    {
        ConnectionString = connectionString;
        _transcriptsAsProcess = transcriptsAsProcess;
    }

    public string ConnectionString { get; }

    public ServiceHost<EmulatorEntryPoint> Emulator { get; private set; } = null!;

    public ServiceHost<CallsEntryPoint> Calls { get; private set; } = null!;

    public EmulatedConversations Conversations => Emulator.GetService<EmulatedConversations>();

    public ServiceHost<EdgeEntryPoint> Edge { get; private set; } = null!;

    public Uri TranscriptsAddress => new($"http://127.0.0.1:{_transcriptsPort}");

    public static async Task<PlaybackSystem> StartAsync(
        PostgresClusterFixture cluster, Dictionary<string, string?>? emulator = null, Dictionary<string, string?>? calls = null, bool transcriptsAsProcess = false)
    {
        var system = new PlaybackSystem(await cluster.CreateMigratedDatabaseAsync(), transcriptsAsProcess);
        var emulatorSettings = new Dictionary<string, string?>
        {
            ["Emulator:ApiKey"] = ApiKey,
            ["Emulator:WebhookBaseUrl"] = $"http://127.0.0.1:{system._edgePort}/",
            ["Emulator:ConversationTurns"] = "6",
            ["Emulator:AnswerDelay"] = "00:00:00.300",
            ["Emulator:TurnInterval"] = "00:00:00.300",
            ["Webhooks:TranscriptionToken"] = WebhookSystem.TranscriptionToken,
            ["Webhooks:PostCallSecret"] = WebhookSystem.PostCallSecret,
        };
        system.Emulator = new ServiceHost<EmulatorEntryPoint>(Merge(emulatorSettings, emulator));

        var callsSettings = TestSettings.Calls(system.ConnectionString, system.Emulator.BaseAddress, ApiKey, system.TranscriptsAddress);
        callsSettings["ElevenLabs:RequestTimeout"] = "00:00:01";
        callsSettings["TranscriptHandover:PollInterval"] = "00:00:00.200";
        callsSettings["TranscriptHandover:FirstRetryDelay"] = "00:00:00.200";
        callsSettings["TranscriptHandover:MaxRetryDelay"] = "00:00:01";
        system.Calls = new ServiceHost<CallsEntryPoint>(Merge(callsSettings, calls));
        _ = system.Calls.BaseAddress;

        await system.StartTranscriptsAsync();
        system.Edge = new ServiceHost<EdgeEntryPoint>(new Dictionary<string, string?>
        {
            ["services:transcripts:http:0"] = system.TranscriptsAddress.ToString(),
            ["services:calls:http:0"] = system.Calls.BaseAddress.ToString(),
            ["Webhooks:TranscriptionToken"] = WebhookSystem.TranscriptionToken,
            ["Webhooks:PostCallSecret"] = WebhookSystem.PostCallSecret,
        }, port: system._edgePort);
        _ = system.Edge.BaseAddress;
        return system;
    }

    /// <summary>Short calls (answered after 100 ms, one turn), and quiet logs: hundreds of calls run.</summary>
    public static Dictionary<string, string?> ShortCalls(Dictionary<string, string?> settings) => TestSettings.With(new Dictionary<string, string?>
    {
        ["Emulator:ConversationTurns"] = "1",
        ["Emulator:AnswerDelay"] = "00:00:00.100",
        ["Logging:LogLevel:Default"] = "Warning",
    }, settings);

    /// <summary>
    /// The queue looked at every 200 ms, quiet logs, and production's dial timeout: a dial that timed out on a busy machine
    /// would end failed (and free its place) while the emulator plays it.
    /// </summary>
    public static Dictionary<string, string?> Queueing(Dictionary<string, string?> settings) => TestSettings.With(new Dictionary<string, string?>
    {
        ["CallPlacement:QueuePollInterval"] = "00:00:00.200",
        ["ElevenLabs:RequestTimeout"] = "00:00:30",
        ["Logging:LogLevel:Default"] = "Warning",
    }, settings);


    /// <summary>Starts Transcripts on its port and waits until it is healthy.</summary>
    public async Task StartTranscriptsAsync()
    {
        if (_transcriptsAsProcess)
        {
            _transcriptsProcess = ProjectProcess.Start<Projects.CallSid_Transcripts>([], new Dictionary<string, string>
            {
                ["ConnectionStrings__callsdb"] = ConnectionString,
                ["services__calls__http__0"] = Calls.BaseAddress.ToString(),
                ["ASPNETCORE_URLS"] = TranscriptsAddress.ToString(),
            });
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            await Readiness.WaitAsync(
                async token =>
                {
                    try
                    {
                        using var health = await http.GetAsync(new Uri(TranscriptsAddress, "/health"), token);
                        return health.IsSuccessStatusCode ? null : $"/health answered {(int)health.StatusCode}";
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return $"Transcripts is not ready yet: {e.Message}. Output:\n{_transcriptsProcess.Output}";
                    }
                },
                Deadline,
                TimeSpan.FromMilliseconds(100));
            return;
        }

        _transcriptsHost = new ServiceHost<TranscriptsEntryPoint>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:callsdb"] = ConnectionString,
            ["services:calls:http:0"] = Calls.BaseAddress.ToString(),
        }, port: _transcriptsPort);
        _ = _transcriptsHost.BaseAddress;
    }

    /// <summary>Kills the Transcripts process (SIGKILL: no goodbye, as a crash or an OOM kill).</summary>
    public async Task KillTranscriptsAsync()
    {
        Posix.Signal(_transcriptsProcess!.Id, Posix.SigKill);
        await _transcriptsProcess.WaitForExitAsync(Deadline);
        await _transcriptsProcess.DisposeAsync();
        _transcriptsProcess = null;
    }

    /// <summary>Places one driver's call through the Calls API; the response as JSON.</summary>
    public async Task<JsonElement> PlaceCallAsync(int driverId, string phoneNumber = "+15551234567")
    {
        using var response = await Calls.CreateClient().PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(driverId, phoneNumber)));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Asks for calls to drivers <paramref name="first"/> onwards, 100 per request (the API's most), all requests at once.</summary>
    public async Task<List<JsonElement>> CallDriversAsync(int first, int count, Func<int, string>? phoneOf = null)
    {
        var http = Calls.CreateClient();
        return [.. await Task.WhenAll(Enumerable.Range(first, count).Chunk(100).Select(async ids =>
        {
            var drivers = ids.Select(id => CallRequests.Driver(id, phoneOf?.Invoke(id) ?? "+15551234567")).ToArray();
            using var response = await http.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(drivers));
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }))];
    }

    /// <summary>Every call as committed, in the order written: status, attempt, first attempt, dial and end times.</summary>
    public Task<List<(string CallSid, string Status, int Attempt, string? FirstCallSid, DateTime Start, DateTime? End)>> CallsAsync() =>
        Sql.QueryAsync(ConnectionString, "SELECT call_sid, status, attempt, first_call_sid, call_start_time, call_end_time FROM dev.calls ORDER BY id",
            r => (r.GetString(0), r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetDateTime(4), r.IsDBNull(5) ? null : (DateTime?)r.GetDateTime(5)));

    /// <summary>The call_sid of each dial the emulator accepted, in order, and how many it refused with 429.</summary>
    public (List<string> Accepted, int Throttled) Dials()
    {
        var received = Emulator.GetService<ReceivedCalls>().All;
        var accepted = received.Where(c => c.StatusCode == 200 && c.ConversationId is not null)
            .Select(c => c.Body.GetProperty("conversation_initiation_client_data").GetProperty("dynamic_variables").GetProperty("call_sid").GetString()!)
            .ToList();
        return (accepted, received.Count(c => c.StatusCode == 429));
    }

    public async Task<JsonElement> CallAsync(string callSid) =>
        await Calls.CreateClient().GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(callSid)}");

    /// <summary>GET /calls/{call_sid}/transcript on Transcripts: (sequence, speaker, message, source) in the order it lists them.</summary>
    public async Task<List<(int Sequence, string Speaker, string Message, string Source)>> TranscriptAsync(string callSid)
    {
        using var http = new HttpClient();
        var transcript = await http.GetFromJsonAsync<JsonElement>(new Uri(TranscriptsAddress, $"/calls/{Uri.EscapeDataString(callSid)}/transcript"));
        return transcript.GetProperty("turns").EnumerateArray()
            .Select(t => (t.GetProperty("sequence_number").GetInt32(), t.GetProperty("speaker").GetString()!, t.GetProperty("message").GetString()!, t.GetProperty("source").GetString()!))
            .ToList();
    }

    /// <summary>What ElevenLabs (the emulator) says was said, through its GET conversation: (speaker as we store it, words).</summary>
    public async Task<List<(string Speaker, string Message)>> SpokenAsync(string conversationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/convai/conversations/{conversationId}");
        request.Headers.Add("xi-api-key", ApiKey);
        using var response = await Emulator.CreateClient().SendAsync(request);
        var conversation = await response.Content.ReadFromJsonAsync<JsonElement>();
        return conversation.GetProperty("transcript").EnumerateArray()
            .Where(t => t.GetProperty("message").ValueKind == JsonValueKind.String)
            .Select(t => (t.GetProperty("role").GetString() == "user" ? "driver" : "agent", t.GetProperty("message").GetString()!))
            .ToList();
    }

    /// <summary>The conversation's status as the emulator's GET conversation answers it.</summary>
    public async Task<string?> ConversationStatusAsync(string conversationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/convai/conversations/{conversationId}");
        request.Headers.Add("xi-api-key", ApiKey);
        using var response = await Emulator.CreateClient().SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (null) or the generous deadline passes.</summary>
    public static Task WaitUntilAsync(Func<Task<string?>> condition) =>
        Readiness.WaitAsync(_ => condition(), Deadline, TimeSpan.FromMilliseconds(50));

    public async ValueTask DisposeAsync()
    {
        await Edge.DisposeAsync();
        if (_transcriptsHost is not null)
        {
            await _transcriptsHost.DisposeAsync();
        }

        if (_transcriptsProcess is not null)
        {
            await _transcriptsProcess.DisposeAsync();
        }

        await Calls.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> settings, Dictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }
}
