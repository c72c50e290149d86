namespace CallSid.ElevenLabsEmulator;

/// <summary>One post-call event the emulator sent, and the HTTP status it got (0: no answer).</summary>
public sealed record WebhookDelivery(string Type, string? AgentId, string ConversationId, int Status);
