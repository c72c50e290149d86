namespace CallSid.Calls.Services;

/// <summary>A queued call taken out of the queue to be dialled now, with ElevenLabs' request body (JSON).</summary>
public sealed record ClaimedDial(string CallSid, string Request);
