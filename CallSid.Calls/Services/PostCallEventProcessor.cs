using CallSid.Calls.Model;

namespace CallSid.Calls.Services;

/// <summary>
/// Applies ElevenLabs' post-call events to their calls: the end of a conversation finishes its call, a failed
/// initiation fails it. ElevenLabs disables a webhook that keeps failing, so what we do not act on is answered 200.
/// </summary>
public sealed class PostCallEventProcessor(CallStore calls, TimeProvider time, ILogger<PostCallEventProcessor> logger)
{
    /// <summary>What to answer for a valid event; null when it names no call we know.</summary>
    public async Task<PostCallWebhookResponse?> ApplyAsync(PostCallEvent postCallEvent, CancellationToken cancellationToken)
    {
        var type = postCallEvent.Type!;
        if (!PostCallEvent.IsHandled(type))
        {
            return new PostCallWebhookResponse("ignored", $"Event type {type} is not used", null, null);
        }

        var data = postCallEvent.Data!;
        var call = await calls.FindAsync(data.CallSid, data.ConversationId, cancellationToken);
        if (call is null)
        {
            return null;
        }

        var (status, end) = type == PostCallEvent.Transcription
            ? (data.Status == "failed" ? CallStatus.Failed : CallStatus.Completed, EndOf(data.Metadata))
            : (CallStatus.Failed, (DateTime?)null);
        // A call cannot end before we started it; ElevenLabs' clock may disagree with ours by a little.
        if (end < call.CallStartTime)
        {
            end = call.CallStartTime;
        }

        var (outcome, finished) = await calls.FinishAsync(call.CallSid, status, end ?? time.GetUtcNow().UtcDateTime, data.ConversationId, cancellationToken);
        logger.LogInformation("{EventType} for call {CallSid}: {Outcome}{Reason}", type, call.CallSid, outcome,
            data.FailureReason is null ? string.Empty : $" ({data.FailureReason})");

        return outcome switch
        {
            FinishOutcome.Finished => new PostCallWebhookResponse("success", $"Call {call.CallSid} is {status.ToText()}", call.CallSid, finished!.Status),
            FinishOutcome.AlreadyInThatState => new PostCallWebhookResponse("success", $"Call {call.CallSid} was already {status.ToText()}", call.CallSid, finished!.Status),
            _ => new PostCallWebhookResponse("ignored", $"Call {call.CallSid} is already {finished!.Status.ToText()}; event not applied", call.CallSid, finished.Status),
        };
    }

    private static DateTime? EndOf(PostCallMetadata? metadata) =>
        metadata is { StartTimeUnixSecs: { } start }
            ? DateTimeOffset.FromUnixTimeSeconds(start + (metadata.CallDurationSecs ?? 0)).UtcDateTime
            : null;
}
