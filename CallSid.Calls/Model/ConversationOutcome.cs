namespace CallSid.Calls.Model;

/// <summary>
/// What ElevenLabs reported about a call's conversation (a post-call event, or its GET conversation answer), in the
/// terms of our call: the status it ends in, why it failed, its ids, when it ended and what was said.
/// </summary>
public sealed record ConversationOutcome(
    string Reporter,
    CallStatus Status,
    string? ConversationId,
    string? TwilioCallSid,
    DateTime? ConversationStart,
    DateTime? EndTime,
    string? FailureReason,
    IReadOnlyList<PostCallTranscriptItem?>? Transcript)
{
    public const string TranscriptionEvent = "post_call_transcription";
    public const string InitiationFailureEvent = "call_initiation_failure";
    public const string ConversationDetails = "ElevenLabs' GET conversation";

    /// <summary>The end of a conversation: done (or anything but failed) completes the call, failed fails it.</summary>
    public static ConversationOutcome FromTranscription(PostCallEventData data, string reporter = TranscriptionEvent)
    {
        var failed = data.Status == "failed";
        var start = data.Metadata?.StartTimeUnixSecs is { } unix ? DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime : (DateTime?)null;
        var end = start?.AddSeconds(data.Metadata!.CallDurationSecs ?? 0);
        return new ConversationOutcome(
            reporter,
            failed ? CallStatus.Failed : CallStatus.Completed,
            data.ConversationId,
            data.Metadata?.TwilioCallSid,
            start,
            end,
            failed ? $"{reporter}: ElevenLabs reports the conversation failed" : null,
            data.Transcript);
    }

    /// <summary>The call never connected (busy, no answer, ...): the call fails for ElevenLabs' reason.</summary>
    public static ConversationOutcome FromInitiationFailure(PostCallEventData data) => new(
        InitiationFailureEvent,
        CallStatus.Failed,
        data.ConversationId,
        data.Metadata?.TwilioCallSid,
        ConversationStart: null,
        EndTime: null,
        $"{InitiationFailureEvent}: {data.FailureReason ?? "no reason given"}",
        Transcript: null);
}
