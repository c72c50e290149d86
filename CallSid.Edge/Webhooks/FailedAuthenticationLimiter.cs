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

    public FailedAuthenticationLimiter(IOptions<EdgeOptions> options)
    {
        var settings = options.Value;
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
        using var check = _failures.AttemptAcquire(client, permitCount: 0);
        retryAfter = check.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return !check.IsAcquired;
    }

    public void RecordFailure(IPAddress client)
    {
        using var _ = _failures.AttemptAcquire(client);
    }

    public void Dispose() => _failures.Dispose();
}
