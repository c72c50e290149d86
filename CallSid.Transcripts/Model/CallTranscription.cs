namespace CallSid.Transcripts.Model;

/// <summary>One spoken turn of a conversation, numbered 1, 2, 3... within its conversation.</summary>
public sealed class CallTranscription
{
    public int Id { get; private set; }

    /// <summary>References <c>calls.conversation_id</c>; resolved from the webhook's call_sid through the Calls service.</summary>
    public required string ConversationId { get; init; }

    public SpeakerType SpeakerType { get; init; }

    public required string MessageText { get; init; }

    public DateTime Timestamp { get; init; }

    public int SequenceNumber { get; init; }

    public TranscriptSource Source { get; init; }

    /// <summary>
    /// For a recovered turn that a late per-turn delivery matched: the timestamp that delivery carried, so a repeat of
    /// it is recognised. Null otherwise (a webhook turn's own timestamp is <see cref="Timestamp"/>).
    /// </summary>
    public DateTime? WebhookTimestamp { get; init; }

    public DateTime CreatedAt { get; init; }
}
