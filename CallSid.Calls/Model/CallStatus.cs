namespace CallSid.Calls.Model;

/// <summary>
/// How a call stands or how it ended, as ElevenLabs reported it: <c>completed</c> (the conversation was done),
/// <c>voicemail</c> (the agent reached voicemail), <c>no_answer</c> and <c>busy</c> (the call never connected,
/// ElevenLabs' <c>call_initiation_failure</c>), <c>failed</c> (anything else, with a reason). A <c>queued</c> call waits
/// for ElevenLabs' capacity and has not been dialled.
/// </summary>
public enum CallStatus
{
    InProgress,
    Completed,
    Failed,
    Voicemail,
    NoAnswer,
    Busy,
    Queued,
}
