using CallSid.Transcripts.Model;

namespace CallSid.Transcripts.Services;

/// <summary>A turn already in <c>call_transcriptions</c>, as the recovery compares it.</summary>
public sealed record StoredTurn(int Id, SpeakerType Speaker, string Message, DateTime Timestamp, int SequenceNumber);
