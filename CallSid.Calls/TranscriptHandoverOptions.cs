using System.ComponentModel.DataAnnotations;

namespace CallSid.Calls;

/// <summary>
/// How queued transcripts are handed to Transcripts (<c>TranscriptHandover:*</c>). A failed hand-over is tried again
/// after <see cref="FirstRetryDelay"/>, doubling up to <see cref="MaxRetryDelay"/>, and then every
/// <see cref="MaxRetryDelay"/> until Transcripts takes it: it is never given up.
/// </summary>
public sealed class TranscriptHandoverOptions
{
    public const string SectionName = "TranscriptHandover";

    /// <summary>How often due hand-overs are looked for when nothing wakes the dispatcher (other replicas' rows, retries).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// While an attempt runs its row is not due for this long, so no other replica sends it too; a replica that dies
    /// mid-attempt leaves the row to be taken again after it. A claimed batch is sent at once, so this must exceed what
    /// one attempt may take (HttpResilience:transcripts:TotalTimeout, 30 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Rows claimed, and sent concurrently, at a time.</summary>
    [Range(1, 100)]
    public int BatchSize { get; set; } = 10;

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, after <paramref name="attempt"/> failed ones.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var delay = FirstRetryDelay.TotalMilliseconds * Math.Pow(2, doublings);
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxRetryDelay.TotalMilliseconds));
    }
}
