using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CallSid.Edge.Webhooks;

/// <summary>
/// Counts failed webhook authentications per client IP and webhook (a token bucket each), so that a wrong post-call
/// secret during a rotation cannot block the per-turn deliveries from the same address. A client that has used up its
/// failures is refused until its bucket refills.
/// </summary>
public sealed class FailedAuthenticationLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(IPAddress Client, string Webhook)> _failures;
    private readonly TimeSpan _oneFailureRefills;

    public FailedAuthenticationLimiter(IOptions<EdgeOptions> options)
    {
        var settings = options.Value;
        _oneFailureRefills = settings.FailedAuthenticationWindow / settings.FailedAuthenticationLimit;
        _failures = PartitionedRateLimiter.Create<(IPAddress Client, string Webhook), (IPAddress Client, string Webhook)>(key => RateLimitPartition.GetTokenBucketLimiter(
            key,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.FailedAuthenticationLimit,
                TokensPerPeriod = settings.FailedAuthenticationLimit,
                ReplenishmentPeriod = settings.FailedAuthenticationWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>True when <paramref name="client"/> has no failures left at <paramref name="webhook"/>; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsBlocked(IPAddress client, string webhook, out TimeSpan retryAfter)
    {
        // Statistics, not a zero-permit probe: the bucket refills in fractions, and a fraction is not a failure allowed.
        retryAfter = _oneFailureRefills;
        return _failures.GetStatistics((client, webhook))?.CurrentAvailablePermits < 1;
    }

    public void RecordFailure(IPAddress client, string webhook)
    {
        using var _ = _failures.AttemptAcquire((client, webhook));
    }

    public void Dispose() => _failures.Dispose();
}
