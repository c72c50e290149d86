namespace CallSid.Calls.Model;

/// <summary>
/// An outbox row: a conversation's transcript, as ElevenLabs reported it, waiting to be handed to the Transcripts
/// service (which owns <c>call_transcriptions</c>). Written in the same transaction as the call's status change, so
/// acknowledging ElevenLabs' event never loses its words; deleted once Transcripts has taken them.
/// </summary>
public sealed class TranscriptHandover
{
    public const int MaxErrorLength = 2000;

    public long Id { get; private set; }

    public required string CallSid { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>The body of Transcripts' recovery request (JSON), exactly as it will be sent.</summary>
    public required string Payload { get; init; }

    /// <summary>The W3C traceparent of the request that queued it, so each attempt joins that trace.</summary>
    public string? TraceParent { get; init; }

    public int Attempts { get; init; }

    /// <summary>Due from this time on; while an attempt runs, pushed ahead by a lease so no other replica takes it.</summary>
    public DateTime NextAttemptAt { get; init; }

    public DateTime? LastAttemptAt { get; init; }

    public string? LastError { get; init; }

    public DateTime CreatedAt { get; init; }
}
