using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallSid.AppHost.Supervision;

/// <summary>
/// Aspire does not restart a process that crashes; this does, for resources marked <see cref="RestartOnCrashAnnotation"/>.
/// It watches resource states, and an instance that exits with a non-zero code without being asked to stop is started
/// again through Aspire's own start command, with back-off that never gives up, shown as the instance's state.
/// </summary>
public sealed class CrashRestarter(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService loggers,
    IHostApplicationLifetime lifetime,
    IOptions<SupervisionOptions> options) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Instance> _instances = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in notifications.WatchAsync(stoppingToken).Where(change => change.Resource.HasAnnotationOfType<RestartOnCrashAnnotation>()))
        {
            Observe(change);
        }
    }

    private void Observe(ResourceEvent change)
    {
        var instance = _instances.GetOrAdd(change.ResourceId, _ => new Instance());
        var state = change.Snapshot.State?.Text;
        lock (instance)
        {
            if (state == KnownResourceStates.Stopping)
            {
                instance.StopRequested = true; // Stop from the dashboard, or the app shutting down: not a crash
            }
            else if (state == KnownResourceStates.Starting)
            {
                instance.StopRequested = false;
                instance.RestartPending = false;
            }
            else if (state == KnownResourceStates.Running && instance.UpSince is null)
            {
                instance.UpSince = DateTimeOffset.UtcNow;
            }
            else if (IsCrash(state, change.Snapshot.ExitCode) && !instance.StopRequested && !instance.RestartPending
                && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                instance.RestartPending = true;
                var stable = instance.UpSince is { } up && DateTimeOffset.UtcNow - up >= options.Value.StableAfter;
                instance.ExitsInARow = stable ? 1 : instance.ExitsInARow + 1;
                instance.UpSince = null;
                _ = RestartLaterAsync(change, instance.ExitsInARow);
            }
        }
    }

    private static bool IsCrash(string? state, int? exitCode) =>
        (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart) && exitCode is not 0;

    private async Task RestartLaterAsync(ResourceEvent crashed, int exitsInARow)
    {
        var delay = options.Value.DelayFor(exitsInARow);
        var logger = loggers.GetLogger(crashed.ResourceId);
        logger.LogWarning("{Resource} exited unexpectedly with code {ExitCode}; restarting in {Delay} s (exits in a row: {Exits})",
            crashed.ResourceId, crashed.Snapshot.ExitCode, delay.TotalSeconds, exitsInARow);
        try
        {
            await notifications.PublishUpdateAsync(crashed.Resource, crashed.ResourceId, s => s with
            {
                State = new ResourceStateSnapshot($"Restarting in {delay.TotalSeconds:0.#} s", KnownResourceStateStyles.Warn),
            });
            await Task.Delay(delay, lifetime.ApplicationStopping);
            var result = await commands.ExecuteCommandAsync(crashed.ResourceId, KnownResourceCommands.StartCommand, lifetime.ApplicationStopping);
            if (!result.Success)
            {
                logger.LogError("Restarting {Resource} failed: {Error}", crashed.ResourceId, result.Message);
            }
        }
        catch (OperationCanceledException)
        {
            // the app is stopping
        }
        finally
        {
            var instance = _instances[crashed.ResourceId];
            lock (instance)
            {
                instance.RestartPending = false;
            }
        }
    }

    private sealed class Instance
    {
        public bool StopRequested;
        public bool RestartPending;
        public DateTimeOffset? UpSince;
        public int ExitsInARow;
    }
}
