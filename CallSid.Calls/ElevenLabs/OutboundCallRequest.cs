namespace CallSid.Calls.ElevenLabs;

/// <summary>
/// ElevenLabs' <c>POST /v1/convai/twilio/outbound-call</c> body, as its API reference and SDKs define it (serialised
/// with snake_case names).
/// </summary>
public sealed record OutboundCallRequest(
    string AgentId,
    string AgentPhoneNumberId,
    string ToNumber,
    ConversationInitiationClientData ConversationInitiationClientData);
