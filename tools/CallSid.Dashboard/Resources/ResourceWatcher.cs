using CallSid.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Resources;

/// <summary>
/// Follows <c>GET /resources/watch</c> for the life of the dashboard. When the stream drops (the AppHost is
/// restarting, or gone) the resources are marked unavailable and the watch is retried: 0.5 s, 1 s, 2 s, ... up to
/// <c>MaxReconnectDelay</c>, back to 0.5 s after a snapshot arrives.
/// </summary>
public sealed class ResourceWatcher(
    ResourceServiceClient client, ResourceState state, IOptions<DashboardOptions> options, TimeProvider time, ILogger<ResourceWatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstDelay;
        var wasAvailable = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in client.WatchAsync(stoppingToken))
                {
                    state.Apply(change);
                    if (change.Type == "snapshot")
                    {
                        delay = FirstDelay;
                        if (!wasAvailable)
                        {
                            logger.LogInformation("Resource service available again");
                        }

                        wasAvailable = true;
                    }
                }

                state.MarkUnavailable("The resource service ended the watch stream.");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                state.MarkUnavailable(failure.Message);
                if (wasAvailable)
                {
                    logger.LogWarning("Resource service unavailable ({Problem}); retrying", failure.Message);
                }

                wasAvailable = false;
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.ResourceServiceClient.MaxReconnectDelay.Ticks));
        }
    }
}
