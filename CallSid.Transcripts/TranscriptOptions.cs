using System.ComponentModel.DataAnnotations;

namespace CallSid.Transcripts;

public sealed class TranscriptOptions
{
    public const string SectionName = "Transcripts";

    /// <summary>The longest turn accepted; a spoken turn is far shorter, a larger body is not a turn.</summary>
    [Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 10_000;

    /// <summary>
    /// How long one turn may wait in all (the call_sid lookup, a database connection, the database's retries). ElevenLabs
    /// does not retry a per-turn tool call, so under load a turn waits rather than being refused, for as long as the
    /// tool would still wait for it: keep this below the tool's <c>response_timeout_secs</c>. Past it: a 503 with
    /// Retry-After. A dependency known to be down (connection refused, circuit open) is a 503 at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan RequestBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many call_sid to conversation_id mappings are kept in memory.</summary>
    [Range(1, 10_000_000)]
    public int CallCacheSize { get; set; } = 10_000;
}
