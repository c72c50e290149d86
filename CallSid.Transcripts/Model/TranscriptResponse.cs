namespace CallSid.Transcripts.Model;

/// <summary>GET /calls/{call_sid}/transcript.</summary>
public sealed record TranscriptResponse(string CallSid, string? ConversationId, IReadOnlyList<TranscriptTurn> Turns);
