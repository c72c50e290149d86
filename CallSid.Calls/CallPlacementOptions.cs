using System.ComponentModel.DataAnnotations;

namespace CallSid.Calls;

public sealed class CallPlacementOptions
{
    public const string SectionName = "CallPlacement";

    /// <summary>How many drivers of one request are dialled at the same time.</summary>
    [Range(1, 64)]
    public int MaxConcurrentDials { get; set; } = 4;

    /// <summary>How often the queue is looked at when nothing wakes it (another replica's calls ended, a back-off ran out).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After ElevenLabs' first 429 for a call, it waits this long in the queue; each further 429 doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ThrottledFirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest back-off after 429s; a throttled call is retried at this pace for as long as it takes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ThrottledMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before the next dial after <paramref name="throttled"/> 429s, with up to a fifth of it random.</summary>
    public TimeSpan ThrottledDelay(int throttled)
    {
        var delay = ThrottledFirstDelay * Math.Pow(2, Math.Min(throttled - 1, 20));
        var capped = delay < ThrottledMaxDelay ? delay : ThrottledMaxDelay;
        return capped + capped * (Random.Shared.NextDouble() / 5);
    }
}
