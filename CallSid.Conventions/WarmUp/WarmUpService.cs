using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallSid.Conventions.WarmUp;

/// <summary>
/// Runs the <see cref="WarmUpStep"/>s once, retrying each until it succeeds; until then the readiness check it also is
/// reports Unhealthy, so an orchestrator sends no traffic to a cold service.
/// </summary>
public sealed class WarmUpService(IServiceScopeFactory scopes, IEnumerable<WarmUpStep> steps, ILogger<WarmUpService> logger)
    : BackgroundService, IHealthCheck
{
    private volatile bool _done;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        // Degraded, not Unhealthy: expected at every start, so a warning in the log rather than an error (/health still 503).
        Task.FromResult(_done ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded("warming up"));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var step in steps)
        {
            for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await step.Run(scope.ServiceProvider, stoppingToken);
                    break;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogInformation("Warm-up step {Step} not done yet (attempt {Attempt}): {Reason}", step.Name, attempt, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), stoppingToken);
                }
            }
        }

        _done = true;
    }
}
