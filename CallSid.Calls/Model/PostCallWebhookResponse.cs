namespace CallSid.Calls.Model;

/// <summary>
/// What the webhook answers: ElevenLabs only needs a 200, people reading logs need to know what happened.
/// <c>turns_queued</c>: how many spoken turns of the event were queued for the Transcripts service.
/// </summary>
public sealed record PostCallWebhookResponse(string Status, string Message, string? CallSid, CallStatus? CallStatus, int TurnsQueued = 0);
