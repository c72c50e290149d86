using System.Text.Json.Serialization;

namespace CallSid.Calls.ElevenLabs;

// ElevenLabs' POST /v1/convai/twilio/outbound-call, as its API reference and SDKs define it.
// Serialised with snake_case names; the response's callSid (Twilio's call SID) is camelCase on the wire.

public sealed record OutboundCallRequest(
    string AgentId,
    string AgentPhoneNumberId,
    string ToNumber,
    ConversationInitiationClientData ConversationInitiationClientData);

public sealed record ConversationInitiationClientData(
    IReadOnlyDictionary<string, string> DynamicVariables,
    ConversationConfigOverride ConversationConfigOverride);

public sealed record ConversationConfigOverride(AgentOverride Agent);

public sealed record AgentOverride(PromptOverride Prompt, string FirstMessage);

public sealed record PromptOverride(string Prompt);

public sealed record OutboundCallResponse(
    bool Success,
    string? Message,
    string? ConversationId,
    [property: JsonPropertyName("callSid")] string? CallSid);

/// <summary>ElevenLabs' FastAPI-style 422 body: <c>{"detail":[{"loc":[...],"msg":"...","type":"..."}]}</c>.</summary>
public sealed record ValidationErrorResponse(IReadOnlyList<ValidationErrorItem>? Detail);

public sealed record ValidationErrorItem(IReadOnlyList<object>? Loc, string? Msg, string? Type);

/// <summary>What one outbound call request came to.</summary>
public sealed record OutboundCallResult(bool Accepted, string? ConversationId, string? TwilioCallSid, string? FailureReason)
{
    public static OutboundCallResult Placed(string conversationId, string? twilioCallSid) => new(true, conversationId, twilioCallSid, null);

    public static OutboundCallResult Failed(string reason) => new(false, null, null, reason);
}
