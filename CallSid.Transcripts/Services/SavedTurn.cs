namespace CallSid.Transcripts.Services;

/// <summary>A stored turn; <see cref="Created"/> is false when the same turn had been stored before.</summary>
public sealed record SavedTurn(int TranscriptionId, int SequenceNumber, bool Created);
