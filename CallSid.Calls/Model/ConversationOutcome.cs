using System.Text.Json;

namespace CallSid.Calls.Model;

/// <summary>
/// What ElevenLabs reported about a call's conversation (a post-call event, or its GET conversation answer), in the
/// terms of our call: the status it ends in, why it failed, its ids, when it ended, what was said and ElevenLabs'
/// own verdict (termination reason, analysis).
/// </summary>
public sealed record ConversationOutcome(
    string Reporter,
    CallStatus Status,
    string? ConversationId,
    string? TwilioCallSid,
    DateTime? ConversationStart,
    DateTime? EndTime,
    string? FailureReason,
    IReadOnlyList<PostCallTranscriptItem?>? Transcript,
    string? TerminationReason = null,
    string? CallSuccessful = null,
    string? Summary = null,
    string? DataCollectionResults = null)
{
    public const string TranscriptionEvent = "post_call_transcription";
    public const string InitiationFailureEvent = "call_initiation_failure";
    public const string ConversationDetails = "ElevenLabs' GET conversation";

    /// <summary>
    /// The end of a conversation: failed fails the call (with ElevenLabs' error and termination reason); done (or
    /// anything but failed) is voicemail when the agent reached one (see <see cref="Voicemail"/>), else completed.
    /// </summary>
    public static ConversationOutcome FromTranscription(PostCallEventData data, string reporter = TranscriptionEvent)
    {
        var failed = data.Status == "failed";
        var start = data.Metadata?.StartTimeUnixSecs is { } unix ? DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime : (DateTime?)null;
        var end = start?.AddSeconds(data.Metadata!.CallDurationSecs ?? 0);
        var termination = data.Metadata?.TerminationReason;
        var status = failed ? CallStatus.Failed : Voicemail.Reached(data) ? CallStatus.Voicemail : CallStatus.Completed;
        return new ConversationOutcome(
            reporter,
            status,
            data.ConversationId,
            data.Metadata?.TwilioCallSid,
            start,
            end,
            failed ? FailedReason(reporter, data.Metadata?.ErrorText, termination) : null,
            data.Transcript,
            termination,
            data.Analysis?.CallSuccessful,
            data.Analysis?.TranscriptSummary,
            ResultsJson(data.Analysis?.DataCollectionResults));
    }

    /// <summary>The call never connected: busy and no-answer are outcomes of their own, anything else fails it.</summary>
    public static ConversationOutcome FromInitiationFailure(PostCallEventData data) => new(
        InitiationFailureEvent,
        data.FailureReason switch
        {
            "busy" => CallStatus.Busy,
            "no-answer" or "no_answer" => CallStatus.NoAnswer,
            _ => CallStatus.Failed,
        },
        data.ConversationId,
        data.Metadata?.TwilioCallSid,
        ConversationStart: null,
        EndTime: null,
        $"{InitiationFailureEvent}: {data.FailureReason ?? "no reason given"}",
        Transcript: null);

    private static string FailedReason(string reporter, string? error, string? termination) =>
        $"{reporter}: ElevenLabs reports the conversation failed"
        + (error is { Length: > 0 } ? $" ({error})" : string.Empty)
        + (termination is { Length: > 0 } ? $"; termination reason: {termination}" : string.Empty);

    /// <summary>The results as JSON text for the jsonb column; only an object is kept (ElevenLabs sends one).</summary>
    private static string? ResultsJson(JsonElement? results) =>
        results is { ValueKind: JsonValueKind.Object } value ? value.GetRawText() : null;
}
