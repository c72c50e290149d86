namespace CallSid.Calls.Services;

/// <summary>What one "retry hand-overs now" round did: the calls whose transcripts Transcripts took, those it refused (and why), what still waits.</summary>
public sealed record HandoverRetryResult(
    IReadOnlyList<string> HandedOver,
    IReadOnlyDictionary<string, string> StillFailing,
    long Backlog);
