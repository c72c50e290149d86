namespace CallSid.Transcripts.Model;

/// <summary>
/// The per-turn webhook, sent by the ElevenLabs agent's server tool: <c>{call_sid, speaker, message, timestamp}</c>.
/// Members are nullable so a missing one is reported by name.
/// </summary>
public sealed record TranscriptionWebhookRequest(string? CallSid, string? Speaker, string? Message, string? Timestamp);
