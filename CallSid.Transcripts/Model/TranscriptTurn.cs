namespace CallSid.Transcripts.Model;

public sealed record TranscriptTurn(int SequenceNumber, SpeakerType Speaker, string Message, DateTime Timestamp);
