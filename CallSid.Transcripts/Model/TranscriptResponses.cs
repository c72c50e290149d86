namespace CallSid.Transcripts.Model;

/// <summary>The seed's success response: 201 for a new turn, 200 (same body) for a repeated delivery.</summary>
public sealed record TranscriptionSaved(string Status, string Message, int TranscriptionId, int SequenceNumber);

/// <summary>GET /calls/{call_sid}/transcript.</summary>
public sealed record TranscriptResponse(string CallSid, string? ConversationId, IReadOnlyList<TranscriptTurn> Turns);

public sealed record TranscriptTurn(int SequenceNumber, SpeakerType Speaker, string Message, DateTime Timestamp);
