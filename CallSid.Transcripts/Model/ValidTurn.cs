namespace CallSid.Transcripts.Model;

/// <summary>A turn that passed validation.</summary>
public sealed record ValidTurn(string CallSid, SpeakerType Speaker, string Message, DateTime Timestamp);
