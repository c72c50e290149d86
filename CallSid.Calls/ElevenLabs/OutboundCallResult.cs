namespace CallSid.Calls.ElevenLabs;

/// <summary>What one outbound call request came to.</summary>
public sealed record OutboundCallResult(bool Accepted, string? ConversationId, string? TwilioCallSid, string? FailureReason)
{
    public static OutboundCallResult Placed(string conversationId, string? twilioCallSid) => new(true, conversationId, twilioCallSid, null);

    public static OutboundCallResult Failed(string reason) => new(false, null, null, reason);
}
