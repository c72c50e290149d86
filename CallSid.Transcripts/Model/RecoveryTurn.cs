namespace CallSid.Transcripts.Model;

/// <summary>One turn as ElevenLabs' transcript has it: <c>role</c> <c>agent</c> or <c>user</c> (the driver), its words and time.</summary>
public sealed record RecoveryTurn(string? Role, string? Message, double? TimeInCallSecs);
