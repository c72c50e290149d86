namespace CallSid.Calls.Services;

/// <summary>
/// What one dial came to: accepted (a conversation_id; <see cref="Warning"/> says what could not be stored yet), back
/// in the queue after a 429 (<see cref="RetryIn"/>), or failed and recorded so (<see cref="FailureReason"/>).
/// </summary>
public sealed record DialOutcome(string? ConversationId, string? TwilioCallSid, string? Warning, TimeSpan? RetryIn, string? FailureReason)
{
    public bool Accepted => ConversationId is not null;
}
