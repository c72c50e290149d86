namespace CallSid.Calls.Model;

/// <summary>One spoken turn as handed to Transcripts: ElevenLabs' role (<c>agent</c>, <c>user</c>), words and time.</summary>
public sealed record HandoverTurn(string Role, string Message, double TimeInCallSecs);
