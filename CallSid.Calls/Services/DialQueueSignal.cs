namespace CallSid.Calls.Services;

/// <summary>Wakes this process's queued-call dispatcher when a live call ended, so a waiting driver is dialled at once.</summary>
public sealed class DialQueueSignal : WakeUpSignal;
