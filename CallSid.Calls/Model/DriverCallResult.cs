using System.Text.Json.Serialization;

namespace CallSid.Calls.Model;

/// <summary>
/// One driver's outcome, with the seed's response fields (message, call_sid, conversation_id, callSid, timestamp,
/// driver, triggers_count). <c>status</c> is <c>success</c> (dialled, or queued for ElevenLabs' capacity) or <c>error</c>;
/// <c>call_status</c> is the call's own state (<c>queued</c> while it waits; null when no call was recorded).
/// </summary>
public sealed record DriverCallResult(
    string Status,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Details,
    string CallSid,
    string? ConversationId,
    [property: JsonPropertyName("callSid")] string? TwilioCallSid,
    string Timestamp,
    DriverSummary Driver,
    int TriggersCount,
    CallStatus? CallStatus,
    bool AlreadyPlaced)
{
    [JsonIgnore]
    public PlacementOutcome Outcome { get; init; }

    [JsonIgnore]
    public bool Succeeded => Outcome is PlacementOutcome.Placed or PlacementOutcome.AlreadyPlaced;

    [JsonIgnore]
    public bool IsQueued => Outcome is PlacementOutcome.Queued or PlacementOutcome.AlreadyQueued;

    /// <summary>ElevenLabs accepted the call now; <paramref name="warning"/> says what could not be recorded yet.</summary>
    public static DriverCallResult Placed(string callSid, string conversationId, string? twilioCallSid, string timestamp, DriverCall driver, string? warning) =>
        Create(PlacementOutcome.Placed, "Call initiated successfully via ElevenLabs", warning, callSid, timestamp, driver, global::CallSid.Calls.Model.CallStatus.InProgress, conversationId, twilioCallSid);

    /// <summary>ElevenLabs failed now; the call is recorded as failed, for <paramref name="reason"/>.</summary>
    public static DriverCallResult Failed(string callSid, string timestamp, DriverCall driver, string reason) =>
        Create(PlacementOutcome.Failed, "Failed to initiate ElevenLabs call", reason, callSid, timestamp, driver, global::CallSid.Calls.Model.CallStatus.Failed);

    /// <summary>The call is written and waits in the queue (for ElevenLabs' capacity, or after its 429), for <paramref name="why"/>.</summary>
    public static DriverCallResult Queued(string callSid, string timestamp, DriverCall driver, string why) =>
        Create(PlacementOutcome.Queued, "Call queued; it is dialled when ElevenLabs has capacity", why, callSid, timestamp, driver, global::CallSid.Calls.Model.CallStatus.Queued);

    /// <summary>Nothing was written or dialled because of <paramref name="outage"/>; safe to retry.</summary>
    public static DriverCallResult NotDialled(string callSid, string timestamp, DriverCall driver, string outage, string details) =>
        Create(PlacementOutcome.NotDialled, $"{outage}; the call was not placed. Please retry.", details, callSid, timestamp, driver, callStatus: null);

    /// <summary>The call_sid existed: what became of it (with its stored Twilio call SID), without dialling again.</summary>
    public static DriverCallResult Replayed(Call call, string timestamp, DriverCall driver) => call switch
    {
        { Status: global::CallSid.Calls.Model.CallStatus.Failed } => Create(PlacementOutcome.AlreadyFailed, "A call for this call_sid already failed; not dialled again",
            call.FailureReason is { } reason ? $"It failed: {reason}. Send a new timestamp to call this driver again." : "Send a new timestamp to call this driver again.",
            call.CallSid, timestamp, driver, call.Status, call.ConversationId, call.TwilioCallSid),
        { Status: global::CallSid.Calls.Model.CallStatus.Queued } => Create(PlacementOutcome.AlreadyQueued, "A call for this call_sid is queued; not written again",
            "It is dialled when ElevenLabs has capacity. Read GET /calls/{call_sid} for its state.", call.CallSid, timestamp, driver, call.Status),
        { ConversationId: null } => Create(PlacementOutcome.InFlight, "A call for this call_sid is being placed; not dialled again",
            "Read GET /calls/{call_sid} for its state.", call.CallSid, timestamp, driver, call.Status),
        _ => Create(PlacementOutcome.AlreadyPlaced, "Call already initiated for this call_sid; not dialled again",
            null, call.CallSid, timestamp, driver, call.Status, call.ConversationId, call.TwilioCallSid),
    };

    private static DriverCallResult Create(
        PlacementOutcome outcome, string message, string? details, string callSid, string timestamp, DriverCall driver,
        CallStatus? callStatus, string? conversationId = null, string? twilioCallSid = null) =>
        new(
            Status: outcome is PlacementOutcome.Placed or PlacementOutcome.AlreadyPlaced or PlacementOutcome.Queued or PlacementOutcome.AlreadyQueued ? "success" : "error",
            Message: message,
            Details: details,
            CallSid: callSid,
            ConversationId: conversationId,
            TwilioCallSid: twilioCallSid,
            Timestamp: timestamp,
            Driver: new DriverSummary(driver.DriverId, driver.DriverName, driver.PhoneNumber),
            TriggersCount: driver.Violations.Count,
            CallStatus: callStatus,
            AlreadyPlaced: outcome is PlacementOutcome.AlreadyPlaced or PlacementOutcome.AlreadyFailed or PlacementOutcome.InFlight or PlacementOutcome.AlreadyQueued)
        {
            Outcome = outcome,
        };
}
