namespace CallSid.Transcripts.Model;

/// <summary>The recovery's answer: how many of the transcript's turns were stored already, and the sequence numbers added.</summary>
public sealed record TranscriptRecovered(string Status, string Message, string ConversationId, int TurnsReceived, int AlreadyStored, IReadOnlyList<int> Added);
