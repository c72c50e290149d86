namespace CallSid.Calls.Model;

/// <summary>
/// ElevenLabs' post-call webhook envelope: <c>{type, event_timestamp, data}</c>. Only the fields we use; the rest is ignored.
/// </summary>
public sealed record PostCallEvent(string? Type, long? EventTimestamp, PostCallEventData? Data)
{
    public const string Transcription = "post_call_transcription";
    public const string InitiationFailure = "call_initiation_failure";

    /// <summary>The event types we act on; others are acknowledged and ignored.</summary>
    public static bool IsHandled(string type) => type is Transcription or InitiationFailure;
}
