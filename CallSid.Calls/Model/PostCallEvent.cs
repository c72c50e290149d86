using System.Text.Json;

namespace CallSid.Calls.Model;

// ElevenLabs' post-call webhook envelope: {type, event_timestamp, data}. Only the fields we use; the rest is ignored.

public sealed record PostCallEvent(string? Type, long? EventTimestamp, PostCallEventData? Data)
{
    public const string Transcription = "post_call_transcription";
    public const string InitiationFailure = "call_initiation_failure";
}

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

public sealed record PostCallMetadata(long? StartTimeUnixSecs, long? CallDurationSecs);

public sealed record ClientDataEcho(Dictionary<string, JsonElement>? DynamicVariables);

/// <summary>What the webhook answers: ElevenLabs only needs a 200, people reading logs need to know what happened.</summary>
public sealed record PostCallWebhookResponse(string Status, string Message, string? CallSid, CallStatus? CallStatus);
