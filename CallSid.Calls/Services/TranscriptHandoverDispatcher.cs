using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace CallSid.Calls.Services;

/// <summary>
/// Sends queued post-call transcripts to the Transcripts service until it takes them. Each failed attempt is logged
/// at Warning with the call_sid and tried again after a capped exponential back-off (TranscriptHandoverOptions),
/// forever: an outage of Transcripts delays the recovery of a call's turns, it never loses them. Runs in every
/// replica; the queue's row claims keep them from sending one row twice at once.
/// </summary>
public sealed class TranscriptHandoverDispatcher(
    IServiceScopeFactory scopes,
    TranscriptHandoverSignal signal,
    CallsMetrics metrics,
    IHostApplicationLifetime lifetime,
    IOptions<TranscriptHandoverOptions> options,
    ILogger<TranscriptHandoverDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = (await DispatchDueAsync(settings, stoppingToken)).Length;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Most likely the database; the rows wait where they are.
                logger.LogWarning("Transcript hand-overs could not be dispatched: {Error}", e.Message);
            }

            if (claimed < settings.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// The SRE's "Retry hand-overs now": every waiting row not in an attempt right now is made due and sent at once, in
    /// rounds until a round finds less than a batch, instead of each row waiting out its back-off. Runs to the end even
    /// if the caller stops waiting (each attempt is bounded by the Transcripts client's timeouts): an attempt that was
    /// made is always recorded.
    /// </summary>
    public async Task<HandoverRetryResult> RetryNowAsync()
    {
        var settings = options.Value;
        var stopping = lifetime.ApplicationStopping;
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TranscriptHandoverQueue>().MakeDueNowAsync(settings.Lease, stopping);
        }

        var attempts = new List<(string CallSid, string? Error)>();
        for (var round = 0; round < MaxRoundsNow; round++)
        {
            var sent = await DispatchDueAsync(settings, stopping);
            attempts.AddRange(sent);
            if (sent.Length < settings.BatchSize)
            {
                break;
            }
        }

        var handedOver = attempts.Where(a => a.Error is null).Select(a => a.CallSid).ToHashSet();
        return new HandoverRetryResult(
            [.. handedOver],
            attempts.Where(a => a.Error is not null && !handedOver.Contains(a.CallSid)).DistinctBy(a => a.CallSid).ToDictionary(a => a.CallSid, a => a.Error!),
            metrics.Backlog.Pending);
    }

    /// <summary>A bound on one "retry now", in case rows keep arriving as fast as they are sent.</summary>
    private const int MaxRoundsNow = 100;

    /// <summary>
    /// One round: claim what is due and send it all at once (so a round lasts about one attempt, well inside the lease),
    /// then record each result. Returns each claimed row's call_sid and error (null: handed over).
    /// </summary>
    private async Task<(string CallSid, string? Error)[]> DispatchDueAsync(TranscriptHandoverOptions settings, CancellationToken stoppingToken)
    {
        List<ClaimedHandover> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<TranscriptHandoverQueue>().ClaimDueAsync(settings.BatchSize, settings.Lease, stoppingToken);
        }

        var attempts = await Task.WhenAll(due.Select(async handover => (handover.CallSid, await DispatchAsync(handover, settings, stoppingToken))));

        await using (var scope = scopes.CreateAsyncScope())
        {
            metrics.RecordBacklog(await scope.ServiceProvider.GetRequiredService<TranscriptHandoverQueue>().BacklogAsync(stoppingToken));
        }

        return attempts;
    }

    private async Task<string?> DispatchAsync(ClaimedHandover handover, TranscriptHandoverOptions settings, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<TranscriptHandoverQueue>();
        var error = await HandOverAsync(scope.ServiceProvider.GetRequiredService<TranscriptsClient>(), handover, stoppingToken);
        metrics.RecordHandover(error is null);
        // Recording the result must not depend on the host still running: the attempt has happened.
        if (error is null)
        {
            await queue.CompleteAsync(handover.Id, CancellationToken.None);
            logger.LogInformation("Transcript of call {CallSid} (conversation {ConversationId}) handed to Transcripts after {Attempts} attempt(s)",
                handover.CallSid, handover.ConversationId, handover.Attempts);
            return null;
        }

        var delay = settings.RetryDelay(handover.Attempts);
        await queue.RescheduleAsync(handover.Id, delay, error, CancellationToken.None);
        logger.LogWarning(
            "Transcript hand-over of call {CallSid} (conversation {ConversationId}) failed, attempt {Attempts}, waiting since {CreatedAt:O}: {Error}; next attempt in {Delay}",
            handover.CallSid, handover.ConversationId, handover.Attempts, handover.CreatedAt, error, delay);
        return error;
    }

    /// <summary>One attempt, traced as part of the request that queued it (the post-call event's trace).</summary>
    private static async Task<string?> HandOverAsync(TranscriptsClient transcripts, ClaimedHandover handover, CancellationToken stoppingToken)
    {
        ActivityContext.TryParse(handover.TraceParent, traceState: null, out var parent);
        using var activity = CallsMetrics.ActivitySource.StartActivity("hand over transcript", ActivityKind.Internal, parent);
        activity?.SetTag("callsid.call_sid", handover.CallSid);
        activity?.SetTag("callsid.conversation_id", handover.ConversationId);
        activity?.SetTag("callsid.handover.attempt", handover.Attempts);
        var error = await transcripts.HandOverAsync(handover, stoppingToken);
        if (error is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error);
        }

        return error;
    }
}
