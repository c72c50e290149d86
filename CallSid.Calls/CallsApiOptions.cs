using System.ComponentModel.DataAnnotations;

namespace CallSid.Calls;

/// <summary>Bound from <c>CallsApi</c>: limits of the internal calls API.</summary>
public sealed class CallsApiOptions
{
    public const string SectionName = "CallsApi";

    /// <summary>
    /// How long <c>GET /calls/{call_sid}</c> may take in all. Transcripts asks it on the first turn of a call while the
    /// driver is on the line, so an outage is answered with a quick 503 rather than after the database's retries.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan LookupBudget { get; set; } = TimeSpan.FromMilliseconds(500);
}
