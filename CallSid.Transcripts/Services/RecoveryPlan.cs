namespace CallSid.Transcripts.Services;

/// <summary>The turns to add, in spoken order with the timestamps they get, and how many spoken turns were already stored.</summary>
public sealed record RecoveryPlan(IReadOnlyList<(SpokenTurn Turn, DateTime Timestamp)> ToAdd, int AlreadyStored);
