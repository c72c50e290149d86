namespace CallSid.Transcripts.Model;

/// <summary>One turn of GET /calls/{call_sid}/transcript; <see cref="Source"/> says whether the per-turn webhook or the post-call transcript stored it.</summary>
public sealed record TranscriptTurn(int SequenceNumber, SpeakerType Speaker, string Message, DateTime Timestamp, TranscriptSource Source);
