namespace CallSid.Transcripts.Model;

/// <summary>The seed's success response: 201 for a new turn, 200 (same body) for a repeated delivery.</summary>
public sealed record TranscriptionSaved(string Status, string Message, int TranscriptionId, int SequenceNumber);
