namespace CallSid.ElevenLabsEmulator;

/// <summary>
/// How an accepted call ends, chosen by the end of its to_number (<c>Emulator:Outcomes:0:NumberSuffix</c>,
/// <c>...:Outcome</c>) or for a share of all other calls (<c>...:Share</c>, e.g. 0.2): <c>voicemail</c> (the agent calls voicemail_detection), <c>busy</c> and <c>no-answer</c> (a
/// signed <c>call_initiation_failure</c>), <c>failed</c> (a post_call_transcription with status failed).
/// </summary>
public sealed class OutcomeRule
{
    public const string Voicemail = "voicemail";
    public const string Busy = "busy";
    public const string NoAnswer = "no-answer";
    public const string Failed = "failed";

    public string NumberSuffix { get; set; } = string.Empty;

    /// <summary>Without a suffix: the share of calls (0 to 1) that end this way, drawn per conversation.</summary>
    public double Share { get; set; }

    public string Outcome { get; set; } = Voicemail;
}
