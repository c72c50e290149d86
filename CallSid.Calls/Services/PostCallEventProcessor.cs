using System.Diagnostics;
using CallSid.Calls.Model;
using CallSid.Conventions.Telemetry;

namespace CallSid.Calls.Services;

/// <summary>
/// Applies ElevenLabs' post-call events to their calls: the end of a conversation finishes its call and queues its
/// transcript for Transcripts, a failed initiation fails it. ElevenLabs disables a webhook that keeps failing, so
/// what we do not act on is answered 200; what we act on is answered only once it is committed.
/// </summary>
public sealed class PostCallEventProcessor(
    CallStore calls,
    ConversationOutcomeRecorder recorder,
    TranscriptHandoverSignal handovers,
    CallsMetrics metrics,
    Microsoft.Extensions.Options.IOptions<ElevenLabsOptions> elevenLabs,
    TimeProvider time,
    ILogger<PostCallEventProcessor> logger)
{
    private static readonly TimeSpan DialAnswerPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDialAnswerWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The post-call webhook is workspace-wide: events of the workspace's other agents reach us too. They are answered
    /// 200 and ignored (a 404 would count as a failed delivery, and ElevenLabs disables a webhook after ten in a row).
    /// </summary>
    public PostCallWebhookResponse? IgnoreOtherAgent(PostCallEvent? postCallEvent)
    {
        if (postCallEvent?.Data?.AgentId is not { Length: > 0 } agentId || agentId == elevenLabs.Value.AgentId)
        {
            return null;
        }

        var type = postCallEvent.Type ?? "(none)";
        if (metrics.RecordOtherAgentEvent(agentId, type))
        {
            logger.LogInformation("Post-call events of agent {AgentId}, not ours ({OurAgentId}), are acknowledged and ignored (logged once per agent)",
                agentId.Length > 64 || agentId.Any(char.IsControl) ? "(unprintable or long)" : agentId, elevenLabs.Value.AgentId);
        }

        return new PostCallWebhookResponse("ignored", "Event of another agent; not used", null, null);
    }

    /// <summary>What to answer for a valid event; null when it names no call we know.</summary>
    public async Task<PostCallWebhookResponse?> ApplyAsync(PostCallEvent postCallEvent, CancellationToken cancellationToken)
    {
        var type = postCallEvent.Type!;
        if (!PostCallEvent.IsHandled(type))
        {
            return new PostCallWebhookResponse("ignored", $"Event type {type} is not used", null, null);
        }

        var data = postCallEvent.Data!;
        var call = await calls.FindAsync(data.CallSid, data.ConversationId, cancellationToken)
            ?? await AwaitDialAnswerAsync(data, cancellationToken);
        if (call is null)
        {
            return null;
        }

        using var callScope = CallTelemetry.BeginCall(logger, call.CallSid, data.ConversationId ?? call.ConversationId);

        var outcome = type == PostCallEvent.Transcription ? ConversationOutcome.FromTranscription(data) : ConversationOutcome.FromInitiationFailure(data);
        var recorded = await recorder.RecordAsync(call.CallSid, outcome, Activity.Current?.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Call {call.CallSid} vanished while its {type} was recorded.");
        if (recorded.TurnsQueued > 0)
        {
            handovers.Notify();
        }

        logger.LogInformation("{EventType} for call {CallSid}: {Outcome}{Reason}; {Turns} turn(s) queued for Transcripts", type, call.CallSid, recorded.Outcome,
            data.FailureReason is null ? string.Empty : $" ({data.FailureReason})", recorded.TurnsQueued);

        var status = outcome.Status.ToText();
        var current = recorded.Call.Status;
        return recorded.Outcome switch
        {
            FinishOutcome.Finished => new PostCallWebhookResponse("success", $"Call {call.CallSid} is {status}", call.CallSid, current, recorded.TurnsQueued),
            FinishOutcome.AlreadyInThatState => new PostCallWebhookResponse("success", $"Call {call.CallSid} was already {status}", call.CallSid, current, recorded.TurnsQueued),
            _ => new PostCallWebhookResponse("ignored", $"Call {call.CallSid} is already {current.ToText()}; event not applied", call.CallSid, current, recorded.TurnsQueued),
        };
    }

    /// <summary>
    /// An event named only by conversation_id (a call_initiation_failure) can outrun the dial's own answer: a busy line
    /// is reported within a second, while Calls may still be storing the conversation_id. ElevenLabs never sends that
    /// event again, so while a dial made before the event arrived may still be waiting for its answer we look again;
    /// at most <see cref="MaxDialAnswerWait"/>, inside the 10 s the edge gives Calls.
    /// </summary>
    private async Task<Call?> AwaitDialAnswerAsync(PostCallEventData data, CancellationToken cancellationToken)
    {
        if (data.CallSid is not null || data.ConversationId is null)
        {
            return null;
        }

        var arrived = time.GetUtcNow().UtcDateTime;
        var started = time.GetTimestamp();
        var dialTimeout = elevenLabs.Value.TotalRequestTimeout;
        // Asked before each look, so a look made after "no dial waiting" has seen every answer those dials stored.
        while (await calls.AnyDialAwaitingAnswerAsync(arrived, dialTimeout, cancellationToken) && time.GetElapsedTime(started) < MaxDialAnswerWait)
        {
            await Task.Delay(DialAnswerPoll, time, cancellationToken);
            if (await calls.FindAsync(null, data.ConversationId, cancellationToken) is { } call)
            {
                logger.LogInformation("The post-call event of conversation {ConversationId} arrived before its dial's answer was stored; applied {Waited} ms later",
                    data.ConversationId, (int)time.GetElapsedTime(started).TotalMilliseconds);
                return call;
            }
        }

        return await calls.FindAsync(null, data.ConversationId, cancellationToken);
    }
}
