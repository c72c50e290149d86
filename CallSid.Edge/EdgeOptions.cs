using System.ComponentModel.DataAnnotations;

namespace CallSid.Edge;

/// <summary>Limits of the public entry, bound from <c>Edge</c>.</summary>
public sealed class EdgeOptions
{
    public const string SectionName = "Edge";

    /// <summary>Largest request body accepted (413 beyond). Webhook bodies are a few kilobytes.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>Requests a client (by IP) may send in a burst.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitBurst { get; set; } = 400;

    /// <summary>Requests a client (by IP) may sustain per <see cref="RateLimitPeriod"/>. ElevenLabs sends every call's turns from a few IPs.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPerPeriod { get; set; } = 200;

    public TimeSpan RateLimitPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Proxies (IP addresses) in front of the edge whose X-Forwarded-For is believed, so limits and logs see the real
    /// client. Loopback is always trusted (a local tunnel).
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}
