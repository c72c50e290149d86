using System.ComponentModel.DataAnnotations;

namespace CallSid.Calls;

/// <summary>
/// Bound from <c>Redial</c>: calls that did not reach the driver (no_answer, busy, voicemail) are dialled again, each
/// attempt a call record of its own linked to the first. Off by default.
/// </summary>
public sealed class RedialOptions
{
    public const string SectionName = "Redial";

    public bool Enabled { get; set; }

    /// <summary>Attempts in all, the first call included.</summary>
    [Range(2, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The least time between an attempt's end and the next dial.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MinimumDelay { get; set; } = TimeSpan.FromMinutes(15);
}
