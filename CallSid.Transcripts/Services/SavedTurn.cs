namespace CallSid.Transcripts.Services;

/// <summary>The stored turn a delivery came to; <see cref="Created"/> is false when it was stored before (by this delivery or by a recovery).</summary>
public sealed record SavedTurn(int TranscriptionId, int SequenceNumber, SaveOutcome Outcome)
{
    public bool Created => Outcome == SaveOutcome.Created;
}
