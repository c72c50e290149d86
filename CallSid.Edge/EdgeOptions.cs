using System.ComponentModel.DataAnnotations;

namespace CallSid.Edge;

/// <summary>Limits of the public entry, bound from <c>Edge</c>.</summary>
public sealed class EdgeOptions
{
    public const string SectionName = "Edge";

    /// <summary>Largest request body accepted (413 beyond). Webhook bodies are a few kilobytes.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Failed authentications a client (by IP) may have at each webhook per <see cref="FailedAuthenticationWindow"/>;
    /// past that, its requests there get 429 until the window refills: every post-call request (before its body is
    /// read), and per-turn requests without the right token. ElevenLabs never fails authentication; someone guessing
    /// tokens or forging signatures does.
    /// </summary>
    [Range(1, 100_000)]
    public int FailedAuthenticationLimit { get; set; } = 20;

    public TimeSpan FailedAuthenticationWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Authenticated deliveries being forwarded at once, from all senders together. The backends store a turn in a few
    /// milliseconds and reach about 2,000 per second on two cores, so 64 in flight is far past what they need to run at
    /// full speed; more would only queue inside them.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxConcurrentDeliveries { get; set; } = 64;

    /// <summary>
    /// Deliveries that wait for one of those places (oldest first); a full queue answers 503 with Retry-After. 512 waiting
    /// at about 2,000 per second is a quarter of a second of backlog.
    /// </summary>
    [Range(0, 1_000_000)]
    public int DeliveryQueueLimit { get; set; } = 512;

    /// <summary>
    /// Proxies in front of the edge (IP addresses, or networks as <c>10.0.0.0/8</c>) whose <c>X-Forwarded-For</c> is
    /// believed, so limits and logs see the real client. Nothing else is trusted, loopback included.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// Where webhooks may come from (ElevenLabs' published sending addresses, or networks as <c>34.67.146.0/24</c>);
    /// any other sender gets 403 before its credentials are looked at. Empty (the default): any sender. Behind a
    /// proxy, list it in <see cref="TrustedProxies"/> so the sender's own address is the one checked.
    /// </summary>
    public List<string> AllowedSourceAddresses { get; set; } = [];

    /// <summary>
    /// A request is proxied start to finish on the thread that received its bytes, and the backend's answer on the
    /// thread that received those: no hand-over to the thread pool at each step. The edge does nothing but
    /// non-blocking work, and on a machine whose cores it shares every hand-over is a thread woken and switched to
    /// (see <see cref="Extensions.EdgeTransportExtensions"/>).
    /// </summary>
    public bool InlineIO { get; set; } = true;
}
