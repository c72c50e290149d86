namespace CallSid.Transcripts.Model;

/// <summary>The seed's success response: 201 for a new turn, 200 (same body) for a repeated delivery.</summary>
public sealed record TranscriptionSaved(string Status, string Message, int TranscriptionId, int SequenceNumber);

/// <summary>GET /calls/{call_sid}/transcript.</summary>
public sealed record TranscriptResponse(string CallSid, string? ConversationId, IReadOnlyList<TranscriptTurn> Turns);

public sealed record TranscriptTurn(int SequenceNumber, SpeakerType Speaker, string Message, DateTime Timestamp);

public sealed class TranscriptOptions
{
    public const string SectionName = "Transcripts";

    /// <summary>The longest turn accepted; a spoken turn is far shorter, a larger body is not a turn.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 10_000;

    /// <summary>How many call_sid to conversation_id mappings are kept in memory.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000_000)]
    public int CallCacheSize { get; set; } = 10_000;
}
