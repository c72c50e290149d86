using Microsoft.Extensions.Options;

namespace CallSid.Calls.Services;

/// <summary>
/// Dials queued calls as ElevenLabs' capacity frees up: woken when a call of this process ends, and every
/// <c>CallPlacement:QueuePollInterval</c> for the rest (other replicas' calls, back-offs running out, redials coming
/// due). Takes a few calls at a time (<c>CallPlacement:MaxConcurrentDials</c>) and dials them at once; runs in every
/// replica, the queue's claim keeping the total within the limit. Also keeps the live and queued gauges current.
/// </summary>
public sealed class QueuedCallDispatcher(
    IServiceScopeFactory scopes,
    DialQueueSignal signal,
    CallsMetrics metrics,
    IOptions<CallPlacementOptions> options,
    ILogger<QueuedCallDispatcher> logger) : BackgroundService
{
    private long _countsDueAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await DialDueAsync(settings.MaxConcurrentDials, stoppingToken);
                await RefreshCountsAsync(settings.QueuePollInterval, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Most likely the database; the queued calls wait where they are.
                logger.LogWarning("Queued calls could not be dialled: {Error}", e.Message);
            }

            if (claimed < settings.MaxConcurrentDials)
            {
                try
                {
                    await signal.WaitAsync(settings.QueuePollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims up to <paramref name="max"/> due calls and dials them all; each dial runs to its end even when stopping.</summary>
    private async Task<int> DialDueAsync(int max, CancellationToken stoppingToken)
    {
        List<ClaimedDial> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<DialQueue>().ClaimAsync(max, stoppingToken);
        }

        await Task.WhenAll(due.Select(async dial =>
        {
            await using var scope = scopes.CreateAsyncScope();
            logger.LogInformation("Call {CallSid} leaves the queue; asking ElevenLabs to dial", dial.CallSid);
            var outcome = await scope.ServiceProvider.GetRequiredService<CallDialer>().DialAsync(dial);
            metrics.RecordPlacement(outcome switch
            {
                { Accepted: true } => Model.PlacementOutcome.Placed,
                { RetryIn: not null } => Model.PlacementOutcome.Queued,
                _ => Model.PlacementOutcome.Failed,
            });
        }));
        return due.Count;
    }

    /// <summary>The live and queued gauges, counted over the calls table at most once per poll interval.</summary>
    private async Task RefreshCountsAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        if (Environment.TickCount64 < Interlocked.Read(ref _countsDueAt))
        {
            return;
        }

        Interlocked.Exchange(ref _countsDueAt, Environment.TickCount64 + (long)interval.TotalMilliseconds);
        await using var scope = scopes.CreateAsyncScope();
        metrics.RecordLiveCalls(await scope.ServiceProvider.GetRequiredService<CallStore>().CountLiveAsync(stoppingToken));
        metrics.RecordQueuedCalls(await scope.ServiceProvider.GetRequiredService<DialQueue>().CountQueuedAsync(stoppingToken));
    }
}
