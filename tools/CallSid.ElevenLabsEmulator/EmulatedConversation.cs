using System.Text.Json;

namespace CallSid.ElevenLabsEmulator;

/// <summary>
/// One conversation the emulator accepted, as ElevenLabs keeps it: its status (<c>initiated</c>, <c>in-progress</c>,
/// <c>processing</c>, <c>done</c>, <c>failed</c>), its transcript so far and its phone call. <see cref="ToDetails"/> is the shape of both
/// <c>GET /v1/convai/conversations/{id}</c> and a post-call event's <c>data</c>.
/// </summary>
public sealed class EmulatedConversation(string conversationId, string twilioCallSid, JsonElement request, DateTimeOffset answerAt)
{
    private readonly Lock _lock = new();
    private readonly List<object> _transcript = [];
    private string _status = "initiated";
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _endedAt;
    private int _lookups;
    private string _terminationReason = "Call ended by remote party";
    private bool _reachedDriver = true;

    public string ConversationId => conversationId;

    public string TwilioCallSid => twilioCallSid;

    /// <summary>The outbound-call request that created it.</summary>
    public JsonElement Request => request;

    /// <summary>When the dial was answered to its caller; the phone is picked up after it.</summary>
    public DateTimeOffset AnswerAt => answerAt;

    public string Status
    {
        get { lock (_lock) return _status; }
    }

    /// <summary>Live from the dial until the call is over (ElevenLabs' analysis afterwards takes no line).</summary>
    public bool IsLive => Status is "initiated" or "in-progress";

    /// <summary>How the emulator plays it: null for a normal conversation, else an <see cref="OutcomeRule"/> outcome.</summary>
    public string? Scenario { get; set; }

    /// <summary>How often <c>GET /v1/convai/conversations/{id}</c> asked about it.</summary>
    public int Lookups => Volatile.Read(ref _lookups);

    public void CountLookup() => Interlocked.Increment(ref _lookups);

    public void Start(DateTimeOffset at)
    {
        lock (_lock)
        {
            (_status, _startedAt) = ("in-progress", at);
        }
    }

    /// <summary>Adds a transcript entry; its time_in_call_secs is in whole seconds, as ElevenLabs gives them.</summary>
    public void Say(string role, string? message, DateTimeOffset at, object[]? toolCalls = null, object[]? toolResults = null)
    {
        lock (_lock)
        {
            var secs = (int)(at - (_startedAt ?? at)).TotalSeconds;
            _transcript.Add(new
            {
                role,
                message,
                tool_calls = toolCalls ?? [],
                tool_results = toolResults ?? [],
                feedback = (object?)null,
                time_in_call_secs = secs,
            });
        }
    }

    /// <summary>The call is over and ElevenLabs analyses it: GET conversation says <c>processing</c> until <see cref="End(DateTimeOffset)"/>.</summary>
    public void Process(DateTimeOffset at)
    {
        lock (_lock)
        {
            (_status, _endedAt) = ("processing", at);
        }
    }

    public void End(DateTimeOffset at) => End(at, "done", "Call ended by remote party", reachedDriver: true);

    /// <summary>Ends as ElevenLabs reports it: <paramref name="status"/> done or failed, with its termination reason.</summary>
    public void End(DateTimeOffset at, string status, string terminationReason, bool reachedDriver)
    {
        lock (_lock)
        {
            (_status, _terminationReason, _reachedDriver) = (status, terminationReason, reachedDriver);
            _endedAt ??= at; // processing does not lengthen the call
        }
    }

    public object ToDetails()
    {
        lock (_lock)
        {
            var start = _startedAt ?? answerAt;
            return new
            {
                agent_id = Text(request, "agent_id"),
                conversation_id = conversationId,
                status = _status,
                transcript = _transcript.ToArray(),
                metadata = new
                {
                    start_time_unix_secs = start.ToUnixTimeSeconds(),
                    call_duration_secs = (int)Math.Ceiling(((_endedAt ?? DateTimeOffset.UtcNow) - start).TotalSeconds),
                    termination_reason = _status is "done" or "failed" ? _terminationReason : null,
                    error = _status == "failed" ? new { code = 1011, reason = "emulated conversation failure" } : null,
                    phone_call = new
                    {
                        direction = "outbound",
                        phone_number_id = Text(request, "agent_phone_number_id"),
                        agent_number = "+18005550199",
                        external_number = Text(request, "to_number"),
                        type = "twilio",
                        stream_sid = "MZ" + twilioCallSid[2..],
                        call_sid = twilioCallSid,
                    },
                },
                analysis = _status is not ("done" or "failed") ? null : new
                {
                    call_successful = _reachedDriver ? "success" : "failure",
                    transcript_summary = _reachedDriver ? "The agent explained the violation and the driver answered." : "The driver was not reached.",
                    evaluation_criteria_results = new { },
                    data_collection_results = _reachedDriver
                        ? new Dictionary<string, object> { ["driver_acknowledged"] = new { data_collection_id = "driver_acknowledged", value = true, rationale = "The driver said yes." } }
                        : new Dictionary<string, object>(),
                },
                has_audio = _startedAt is not null,
                has_user_audio = _startedAt is not null,
                has_response_audio = _startedAt is not null,
                conversation_initiation_client_data = request.TryGetProperty("conversation_initiation_client_data", out var clientData) ? clientData : default(JsonElement?),
            };
        }
    }

    private static string? Text(JsonElement request, string property) =>
        request.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
