namespace CallSid.Calls.Services;

/// <summary>Wakes this process's hand-over dispatcher when a hand-over was queued, so it is sent at once.</summary>
public sealed class TranscriptHandoverSignal : WakeUpSignal;
