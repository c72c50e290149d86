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
    DateTime UpdatedAt,
    string? FailureReason,
    string? TwilioCallSid)
{
    public static CallResponse From(Call call) => new(
        call.CallSid, call.ConversationId, call.DriverId, call.Status, call.CallStartTime, call.CallEndTime, call.CreatedAt, call.UpdatedAt,
        call.FailureReason, call.TwilioCallSid);
}
