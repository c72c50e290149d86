using System.Text.Json.Serialization;

namespace CallSid.Calls.ElevenLabs;

/// <summary>ElevenLabs' answer to an outbound call; <c>callSid</c> (Twilio's call SID) is camelCase on the wire.</summary>
public sealed record OutboundCallResponse(
    bool Success,
    string? Message,
    string? ConversationId,
    [property: JsonPropertyName("callSid")] string? CallSid);
