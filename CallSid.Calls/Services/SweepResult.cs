namespace CallSid.Calls.Services;

/// <summary>What one sweeper pass did: calls failed as never dialled, silent calls asked about at ElevenLabs, and how those it could finish ended.</summary>
public sealed record SweepResult(
    IReadOnlyList<string> FailedNotDialled,
    int SilentCallsAsked,
    IReadOnlyDictionary<string, string> Finished);
