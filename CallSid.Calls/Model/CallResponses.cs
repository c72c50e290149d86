using System.Text.Json.Serialization;

namespace CallSid.Calls.Model;

/// <summary>GET /calls/{call_sid}: one call as Transcripts and operators see it.</summary>
public sealed record CallResponse(
    string CallSid,
    string? ConversationId,
    int? DriverId,
    CallStatus Status,
    DateTime CallStartTime,
    DateTime? CallEndTime,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static CallResponse From(Call call) => new(
        call.CallSid, call.ConversationId, call.DriverId, call.Status, call.CallStartTime, call.CallEndTime, call.CreatedAt, call.UpdatedAt);
}

/// <summary>PUT /calls/{call_sid}/status. Text fields, so a bad value is reported by name rather than as unreadable JSON.</summary>
public sealed record CallStatusUpdate(string? Status, string? CallEndTime);

/// <summary>
/// One driver's outcome, with the seed's response fields (message, call_sid, conversation_id, callSid, timestamp,
/// driver, triggers_count). <c>status</c> is <c>success</c> or <c>error</c>; <c>call_status</c> is the call's own state
/// (null when no call was recorded).
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
}

public sealed record DriverSummary(
    [property: JsonPropertyName("driverId")] int DriverId,
    [property: JsonPropertyName("driverName")] string DriverName,
    [property: JsonPropertyName("phoneNumber")] string PhoneNumber);

/// <summary>A request with several drivers: 200 with every driver's own result, in request order.</summary>
public sealed record BatchCallResponse(
    string Status,
    string Message,
    string Timestamp,
    int Total,
    int Succeeded,
    int Failed,
    IReadOnlyList<DriverCallResult> Results);

public enum PlacementOutcome
{
    /// <summary>ElevenLabs accepted the call now.</summary>
    Placed,

    /// <summary>ElevenLabs failed now; the call is recorded as failed.</summary>
    Failed,

    /// <summary>The call_sid existed and was accepted earlier; not dialled again.</summary>
    AlreadyPlaced,

    /// <summary>The call_sid existed and had failed; not dialled again.</summary>
    AlreadyFailed,

    /// <summary>The call_sid exists and its request to ElevenLabs is still under way; not dialled again.</summary>
    InFlight,

    /// <summary>Nothing was written or dialled (the database was unavailable); safe to retry.</summary>
    NotDialled,
}
