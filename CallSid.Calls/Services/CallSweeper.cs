using System.Collections.Concurrent;
using System.Diagnostics;
using CallSid.Calls.ElevenLabs;
using CallSid.Calls.Model;
using CallSid.Calls.Validation;
using Microsoft.Extensions.Options;

namespace CallSid.Calls.Services;

/// <summary>
/// Settles stranded calls, in every replica but one pass at a time (a session advisory lock): a call written but never
/// dialled (the process stopped in between) becomes failed; a call whose post-call event never came is looked up at
/// ElevenLabs and finished from what it says, transcript included.
/// </summary>
public sealed class CallSweeper(
    IServiceScopeFactory scopes,
    TranscriptHandoverSignal handovers,
    DialQueueSignal dialQueue,
    CallsMetrics metrics,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IOptions<CallSweeperOptions> options,
    IOptions<ElevenLabsOptions> elevenLabs,
    ILogger<CallSweeper> logger) : BackgroundService
{
    public const string NotDialledReason = "not dialled: the service stopped before dialling";

    /// <summary>Conversations ElevenLabs said were still going on, and when to ask about them again.</summary>
    private readonly ConcurrentDictionary<string, DateTime> _askAgainAt = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(settings, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Call sweep failed: {Error}", e.Message);
            }

            try
            {
                await Task.Delay(settings.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One pass now, as the timer would run it (the SRE's "Run the sweeper now"); null while another pass runs. It runs
    /// to the end even if the caller stops waiting, as the timer's would.
    /// </summary>
    public Task<SweepResult?> SweepNowAsync() => SweepAsync(options.Value, lifetime.ApplicationStopping);

    private async Task<SweepResult?> SweepAsync(CallSweeperOptions settings, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var stranded = scope.ServiceProvider.GetRequiredService<StrandedCalls>();
        await using var pass = await stranded.TryBeginPassAsync(stoppingToken);
        if (pass is null)
        {
            return null; // another pass (another replica, or the timer) is sweeping
        }

        using var activity = CallsMetrics.ActivitySource.StartActivity("sweep calls");
        var now = time.GetUtcNow().UtcDateTime;
        var notDialled = await stranded.FailNotDialledAsync(now - settings.NotDialledAfterFor(elevenLabs.Value), NotDialledReason, settings.BatchSize, stoppingToken);
        foreach (var callSid in notDialled)
        {
            logger.LogWarning("Call {CallSid} swept to failed: {Reason}", callSid, NotDialledReason);
        }

        metrics.RecordSwept("not_dialled", notDialled.Count);
        // Requests of calls settled by these failures, a PUT or an older version: their phone numbers go.
        if (await scope.ServiceProvider.GetRequiredService<DialQueue>().DeleteSettledAsync(stoppingToken) > 0 || notDialled.Count > 0)
        {
            dialQueue.Notify();
        }

        activity?.SetTag("callsid.sweep.not_dialled", notDialled.Count);

        // Calls asked about recently are left out of the query, so they cannot crowd out the others.
        foreach (var (callSid, at) in _askAgainAt.Where(entry => entry.Value <= now).ToList())
        {
            _askAgainAt.TryRemove(KeyValuePair.Create(callSid, at));
        }

        var silent = await stranded.FindWithoutPostCallEventAsync(now - settings.AskAfter, [.. _askAgainAt.Keys], settings.BatchSize, stoppingToken);
        var finished = new Dictionary<string, string>();
        foreach (var call in silent)
        {
            if (await AskElevenLabsAsync(scope.ServiceProvider, call, settings, stoppingToken) is { } status)
            {
                finished[call.CallSid] = status;
            }
        }

        activity?.SetTag("callsid.sweep.asked", silent.Count);
        return new SweepResult(notDialled, silent.Count, finished);
    }

    /// <summary>
    /// Finishes <paramref name="call"/> from ElevenLabs' GET conversation and returns its status now, or null when it is
    /// left to be asked again.
    /// </summary>
    private async Task<string?> AskElevenLabsAsync(IServiceProvider services, Call call, CallSweeperOptions settings, CancellationToken stoppingToken)
    {
        var lookup = await services.GetRequiredService<ElevenLabsClient>().GetConversationAsync(call.ConversationId!, stoppingToken);
        ConversationOutcome outcome;
        switch (lookup)
        {
            case ConversationLookup.Found { Conversation: var conversation } when conversation.Status is "done" or "failed":
                if (PostCallEventValidator.FindProblemInReport(conversation) is { } problem)
                {
                    logger.LogWarning("ElevenLabs' answer about call {CallSid} cannot be stored ({Problem}); asking again later", call.CallSid, problem);
                    _askAgainAt[call.CallSid] = time.GetUtcNow().UtcDateTime + settings.AskAgainAfter;
                    return null;
                }

                outcome = ConversationOutcome.FromTranscription(conversation with { ConversationId = call.ConversationId }, ConversationOutcome.ConversationDetails);
                break;
            case ConversationLookup.Found { Conversation: var conversation }:
                logger.LogInformation("Call {CallSid}: ElevenLabs reports conversation {ConversationId} as {Status}; asking again in {Delay}",
                    call.CallSid, call.ConversationId, conversation.Status, settings.AskAgainAfter);
                _askAgainAt[call.CallSid] = time.GetUtcNow().UtcDateTime + settings.AskAgainAfter;
                return null;
            case ConversationLookup.NotFound notFound:
                outcome = new ConversationOutcome(ConversationOutcome.ConversationDetails, CallStatus.Failed, call.ConversationId, null, null, null,
                    $"swept: {notFound.Problem}", null);
                break;
            default:
                logger.LogWarning("Call {CallSid}: ElevenLabs could not be asked about conversation {ConversationId}: {Problem}",
                    call.CallSid, call.ConversationId, ((ConversationLookup.Failed)lookup).Problem);
                _askAgainAt[call.CallSid] = time.GetUtcNow().UtcDateTime + settings.AskAgainAfter;
                return null;
        }

        var recorder = services.GetRequiredService<ConversationOutcomeRecorder>();
        var recorded = await recorder.RecordAsync(call.CallSid, outcome, Activity.Current?.Id, CancellationToken.None);
        _askAgainAt.TryRemove(call.CallSid, out _);
        if (recorded is null)
        {
            return null;
        }

        if (recorded.TurnsQueued > 0)
        {
            handovers.Notify();
        }

        metrics.RecordSwept(outcome.Status.ToText(), recorded.Outcome == FinishOutcome.Finished ? 1 : 0);
        logger.LogWarning("Call {CallSid} had no post-call event after {AskAfter}; from {Reporter}: {Outcome} ({Status}), {Turns} turn(s) queued for Transcripts",
            call.CallSid, settings.AskAfter, outcome.Reporter, recorded.Outcome, recorded.Call.Status.ToText(), recorded.TurnsQueued);
        return recorded.Call.Status.ToText();
    }
}
