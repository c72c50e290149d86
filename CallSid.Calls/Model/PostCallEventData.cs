using System.Text.Json;

namespace CallSid.Calls.Model;

public sealed record PostCallEventData(
    string? ConversationId,
    string? Status,
    string? FailureReason,
    PostCallMetadata? Metadata,
    ClientDataEcho? ConversationInitiationClientData)
{
    /// <summary>Our call_sid, which we passed as a dynamic variable when placing the call.</summary>
    public string? CallSid =>
        ConversationInitiationClientData?.DynamicVariables?.TryGetValue("call_sid", out var value) == true && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
