using System.Text.Json;
using System.Text.Json.Serialization;
using CallSid.Conventions.Http;

namespace CallSid.Calls.Model;

/// <summary>
/// A post-call event's <c>data</c>, which has the shape of ElevenLabs' <c>GET /v1/convai/conversations/{id}</c>
/// answer; the sweeper reads that answer into this type too. Only the fields we use.
/// </summary>
public sealed record PostCallEventData(
    string? AgentId,
    string? ConversationId,
    string? Status,
    string? FailureReason,
    PostCallMetadata? Metadata,
    ClientDataEcho? ConversationInitiationClientData,
    IReadOnlyList<PostCallTranscriptItem?>? Transcript,
    PostCallAnalysis? Analysis = null)
{
    /// <summary>Our call_sid, which we passed as a dynamic variable when placing the call; null when absent or unreadable.</summary>
    [JsonIgnore]
    public string? CallSid => CallSidVariable is { } value && JsonText.TryGetString(value, out var text) ? text : null;

    /// <summary>False when the call_sid variable is a string that is not readable text (invalid UTF-8, a lone surrogate).</summary>
    [JsonIgnore]
    public bool CallSidIsReadable => CallSidVariable is not { } value || JsonText.TryGetString(value, out _);

    private JsonElement? CallSidVariable =>
        ConversationInitiationClientData?.DynamicVariables?.TryGetValue("call_sid", out var value) == true ? value : null;
}
