using System.ComponentModel.DataAnnotations;

namespace CallSid.Calls;

/// <summary>Bound from <c>CallsApi</c>: limits of the internal calls API.</summary>
public sealed class CallsApiOptions
{
    public const string SectionName = "CallsApi";

    /// <summary>
    /// How long <c>GET /calls/{call_sid}</c> may take in all. Transcripts asks it on the first turn of a call and waits
    /// up to 4 s an attempt (<c>HttpResilience:calls</c>): this answers first, so a slow lookup is tried again in time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan LookupBudget { get; set; } = TimeSpan.FromSeconds(3);
}
