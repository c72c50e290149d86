using System.ComponentModel.DataAnnotations;

namespace CallSid.Transcripts;

public sealed class TranscriptOptions
{
    public const string SectionName = "Transcripts";

    /// <summary>The longest turn accepted; a spoken turn is far shorter, a larger body is not a turn.</summary>
    [Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 10_000;

    /// <summary>
    /// How long one request may take in all, the call_sid lookup and the database's retries included. ElevenLabs' agent
    /// waits for the per-turn tool call while the driver is on the line: past this the answer is a 503 with Retry-After.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan RequestBudget { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>How many call_sid to conversation_id mappings are kept in memory.</summary>
    [Range(1, 10_000_000)]
    public int CallCacheSize { get; set; } = 10_000;
}
