using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CallSid.Edge.Webhooks;

/// <summary>
/// Counts failed webhook authentications per client IP (a token bucket each): a client that has used up its failures
/// is refused before its credentials are even looked at, until its bucket refills.
/// </summary>
public sealed class FailedAuthenticationLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _failures;
    private readonly TimeSpan _oneFailureRefills;

    public FailedAuthenticationLimiter(IOptions<EdgeOptions> options)
    {
        var settings = options.Value;
        _oneFailureRefills = settings.FailedAuthenticationWindow / settings.FailedAuthenticationLimit;
        _failures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(client => RateLimitPartition.GetTokenBucketLimiter(
            client,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.FailedAuthenticationLimit,
                TokensPerPeriod = settings.FailedAuthenticationLimit,
                ReplenishmentPeriod = settings.FailedAuthenticationWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>True when <paramref name="client"/> has no failures left; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsBlocked(IPAddress client, out TimeSpan retryAfter)
    {
        // Statistics, not a zero-permit probe: the bucket refills in fractions, and a fraction is not a failure allowed.
        retryAfter = _oneFailureRefills;
        return _failures.GetStatistics(client)?.CurrentAvailablePermits < 1;
    }

    public void RecordFailure(IPAddress client)
    {
        using var _ = _failures.AttemptAcquire(client);
    }

    public void Dispose() => _failures.Dispose();
}
