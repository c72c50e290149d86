using System.ComponentModel.DataAnnotations;

namespace CallSid.Transcripts;

public sealed class TranscriptOptions
{
    public const string SectionName = "Transcripts";

    /// <summary>The longest turn accepted; a spoken turn is far shorter, a larger body is not a turn.</summary>
    [Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 10_000;

    /// <summary>How many call_sid to conversation_id mappings are kept in memory.</summary>
    [Range(1, 10_000_000)]
    public int CallCacheSize { get; set; } = 10_000;
}
