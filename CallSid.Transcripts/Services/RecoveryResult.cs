namespace CallSid.Transcripts.Services;

/// <summary>What a recovery did: how many of the transcript's turns were stored already, and the sequence numbers it added.</summary>
public sealed record RecoveryResult(int AlreadyStored, IReadOnlyList<int> Added);
