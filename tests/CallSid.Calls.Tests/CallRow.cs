namespace CallSid.Calls.Tests;

public sealed record CallRow(
    string CallSid, string? ConversationId, int? DriverId, string Status, DateTime CallStartTime, DateTime? CallEndTime, string? FailureReason, string? TwilioCallSid);
