using CallSid.Calls.Model;

namespace CallSid.Calls.Services;

/// <summary>What a report did to its call (<see cref="FinishOutcome.Reopening"/>: not applied) and how many turns it queued for Transcripts.</summary>
public sealed record RecordedOutcome(FinishOutcome Outcome, Call Call, int TurnsQueued);
