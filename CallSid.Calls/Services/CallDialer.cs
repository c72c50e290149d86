using CallSid.Calls.ElevenLabs;
using CallSid.Calls.Model;
using Microsoft.Extensions.Options;

namespace CallSid.Calls.Services;

/// <summary>
/// Dials one call that was taken out of the queue (so it is live), once: records ElevenLabs' conversation_id, puts the
/// call back in the queue after a 429 (no phone rang), or marks it failed with the reason. Never sends a dial twice.
/// </summary>
public sealed class CallDialer(
    CallStore store,
    DialQueue queue,
    ElevenLabsClient elevenLabs,
    DialQueueSignal dialQueue,
    IOptions<CallPlacementOptions> placement,
    CallsMetrics metrics,
    ILogger<CallDialer> logger)
{
    public async Task<DialOutcome> DialAsync(ClaimedDial dial)
    {
        var callSid = dial.CallSid;
        var result = await elevenLabs.PlaceOutboundCallAsync(dial.Request, CancellationToken.None);
        if (result.Accepted)
        {
            string? warning = null;
            try
            {
                await store.SetConversationIdAsync(callSid, result.ConversationId!, result.TwilioCallSid, CancellationToken.None);
                logger.LogInformation("Call {CallSid} accepted by ElevenLabs as conversation {ConversationId}", callSid, result.ConversationId);
            }
            catch (Exception e)
            {
                // The phone is ringing: the call succeeded. Its post-call event stores the conversation_id later.
                warning = $"The conversation_id could not be stored yet ({e.Message}); the post-call event will store it.";
                logger.LogError(e, "Call {CallSid} is conversation {ConversationId}, which could not be stored", callSid, result.ConversationId);
            }

            return new DialOutcome(result.ConversationId, result.TwilioCallSid, warning, null, null);
        }

        if (result.Throttled)
        {
            metrics.RecordThrottled();
            try
            {
                var wait = await queue.RequeueAsync(callSid, placement.Value.ThrottledDelay, CancellationToken.None);
                logger.LogInformation("Call {CallSid} back in the queue for {Wait}: {Reason}", callSid, wait, result.FailureReason);
                return new DialOutcome(null, null, null, wait, null);
            }
            catch (Exception e)
            {
                // Left live without a conversation, the sweeper fails it as not dialled: never a second dial by mistake.
                logger.LogError(e, "Call {CallSid} got a 429 and could not be put back in the queue", callSid);
                return new DialOutcome(null, null, null, null, $"{result.FailureReason}; it could not be queued again ({e.Message})");
            }
        }

        // Stored masked, as logged: the calls table holds no phone numbers.
        var reason = PhoneNumber.MaskAll(result.FailureReason!);
        logger.LogWarning("Call {CallSid} failed: {Reason}", callSid, reason);
        try
        {
            await store.FinishAsync(callSid, CallStatus.Failed, endTime: null, reason, CancellationToken.None);
            dialQueue.Notify(); // its place is free again
        }
        catch (Exception e)
        {
            logger.LogError(e, "Call {CallSid} failed but could not be marked failed", callSid);
        }

        return new DialOutcome(null, null, null, null, result.FailureReason);
    }
}
