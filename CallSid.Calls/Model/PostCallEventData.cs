using System.Text.Json;

namespace CallSid.Calls.Model;

/// <summary>
/// A post-call event's <c>data</c>, which has the shape of ElevenLabs' <c>GET /v1/convai/conversations/{id}</c>
/// answer; the sweeper reads that answer into this type too. Only the fields we use.
/// </summary>
public sealed record PostCallEventData(
    string? ConversationId,
    string? Status,
    string? FailureReason,
    PostCallMetadata? Metadata,
    ClientDataEcho? ConversationInitiationClientData,
    IReadOnlyList<PostCallTranscriptItem?>? Transcript)
{
    /// <summary>Our call_sid, which we passed as a dynamic variable when placing the call.</summary>
    public string? CallSid =>
        ConversationInitiationClientData?.DynamicVariables?.TryGetValue("call_sid", out var value) == true && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
