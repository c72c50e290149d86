namespace CallSid.Calls.ElevenLabs;

/// <summary>What one outbound call request came to. <see cref="Throttled"/>: ElevenLabs answered 429 and rang no phone.</summary>
public sealed record OutboundCallResult(bool Accepted, string? ConversationId, string? TwilioCallSid, string? FailureReason, bool Throttled = false)
{
    public static OutboundCallResult Placed(string conversationId, string? twilioCallSid) => new(true, conversationId, twilioCallSid, null);

    public static OutboundCallResult Failed(string reason) => new(false, null, null, reason);

    public static OutboundCallResult Over(string reason) => new(false, null, null, reason, Throttled: true);
}
