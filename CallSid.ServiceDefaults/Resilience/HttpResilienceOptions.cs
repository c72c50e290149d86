using Microsoft.Extensions.Configuration;

namespace CallSid.ServiceDefaults.Resilience;

/// <summary>
/// Per-client resilience settings, bound from <c>HttpResilience:{client name}</c> (or <c>HttpResilience:Default</c>).
/// The defaults suit short internal calls.
/// </summary>
public sealed class HttpResilienceOptions
{
    public const string SectionName = "HttpResilience";

    /// <summary><c>HttpResilience:Default</c>, then the client's own section over it.</summary>
    public static HttpResilienceOptions Read(IConfiguration configuration, string? client)
    {
        var options = new HttpResilienceOptions();
        configuration.GetSection($"{SectionName}:Default").Bind(options);
        if (!string.IsNullOrEmpty(client))
        {
            configuration.GetSection($"{SectionName}:{client}").Bind(options);
        }

        return options;
    }

    /// <summary>Bounds the whole call, retries and delays included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Bounds one attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>0 turns retries off for the client.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Base of the exponential, jittered back-off between attempts.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Off for a dependency whose 5xx answers are about one request rather than its own health.</summary>
    public bool CircuitBreakerEnabled { get; set; } = true;

    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
