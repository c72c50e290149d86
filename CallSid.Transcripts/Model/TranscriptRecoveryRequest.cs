namespace CallSid.Transcripts.Model;

/// <summary>
/// POST /conversations/{conversation_id}/transcript, from the Calls service: a conversation's whole transcript as
/// ElevenLabs' post-call event (or GET conversation) reported it. <c>conversation_start</c> is when the conversation
/// began (ISO 8601); each turn's <c>time_in_call_secs</c> counts from it. Members are nullable so a missing one is
/// reported by name.
/// </summary>
public sealed record TranscriptRecoveryRequest(string? CallSid, string? ConversationStart, IReadOnlyList<RecoveryTurn?>? Turns);
