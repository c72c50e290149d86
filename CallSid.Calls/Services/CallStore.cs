using CallSid.Calls.Infrastructure;
using CallSid.Calls.Model;
using CallSid.Conventions.Validation;
using Microsoft.EntityFrameworkCore;

namespace CallSid.Calls.Services;

/// <summary>Reads and writes <c>calls</c>. Every write is one short statement that commits on its own.</summary>
public sealed class CallStore(CallsDbContext db, TimeProvider time)
{
    /// <summary>Calls in progress now, in every replica (a count over the table: the live-calls gauge, every 10 s).</summary>
    public Task<long> CountLiveAsync(CancellationToken cancellationToken) =>
        db.Calls.LongCountAsync(c => c.Status == CallStatus.InProgress, cancellationToken);

    /// <summary>One indexed query on the unique call_sid.</summary>
    public Task<Call?> FindAsync(string callSid, CancellationToken cancellationToken) =>
        TextRules.IsStorable(callSid)
            ? db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.CallSid == callSid, cancellationToken)
            : Task.FromResult<Call?>(null);

    /// <summary>A post-call event names the call by our call_sid when it carries it, else by ElevenLabs' conversation_id.</summary>
    public Task<Call?> FindAsync(string? callSid, string? conversationId, CancellationToken cancellationToken) =>
        callSid is not null
            ? FindAsync(callSid, cancellationToken)
            : conversationId is not null && TextRules.IsStorable(conversationId)
                ? db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.ConversationId == conversationId, cancellationToken)
                : Task.FromResult<Call?>(null);

    /// <summary>
    /// Whether a dial that went live before <paramref name="before"/>, and no longer ago than <paramref name="dialTimeout"/>,
    /// may still be waiting for ElevenLabs' answer: the call is live and has no conversation_id yet.
    /// </summary>
    public Task<bool> AnyDialAwaitingAnswerAsync(DateTime before, TimeSpan dialTimeout, CancellationToken cancellationToken)
    {
        var since = before - dialTimeout;
        return db.Calls.AnyAsync(
            c => c.Status == CallStatus.InProgress && c.ConversationId == null && c.CallStartTime >= since && c.CallStartTime <= before, cancellationToken);
    }

    /// <summary>ElevenLabs accepted the dial: its conversation_id and Twilio's call SID, unless the call has them already.</summary>
    public Task<int> SetConversationIdAsync(string callSid, string conversationId, string? twilioCallSid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Calls
            .Where(c => c.CallSid == callSid && c.ConversationId == null)
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.ConversationId, conversationId)
                    .SetProperty(c => c.TwilioCallSid, c => c.TwilioCallSid ?? twilioCallSid)
                    .SetProperty(c => c.UpdatedAt, now),
                cancellationToken);
    }

    /// <summary>
    /// Moves an in_progress call to completed or failed (the only transitions this API allows; ElevenLabs' own reports
    /// go through <see cref="ConversationOutcomeRecorder"/>). Conditional on the current status, so two racing updates
    /// cannot both win. Repeating the same transition is not an error. A failed call keeps <paramref name="failureReason"/>.
    /// </summary>
    public async Task<(FinishOutcome Outcome, Call? Call)> FinishAsync(
        string callSid, CallStatus status, DateTime? endTime, string? failureReason, CancellationToken cancellationToken)
    {
        var call = await FindAsync(callSid, cancellationToken);
        if (call is null)
        {
            return (FinishOutcome.NotFound, null);
        }

        if (call.Status == status)
        {
            return (FinishOutcome.AlreadyInThatState, call);
        }

        if (call.Status != CallStatus.InProgress || status is CallStatus.InProgress or CallStatus.Queued)
        {
            return (FinishOutcome.Reopening, call);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var end = endTime ?? now;
        if (end < call.CallStartTime)
        {
            return (FinishOutcome.EndBeforeStart, call);
        }

        var reason = status == CallStatus.Failed && failureReason is not null ? Call.FitReason(failureReason) : null;
        var updated = await db.Calls
            .Where(c => c.CallSid == callSid && c.Status == CallStatus.InProgress)
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.Status, status)
                    .SetProperty(c => c.CallEndTime, end)
                    .SetProperty(c => c.FailureReason, c => reason ?? c.FailureReason)
                    .SetProperty(c => c.UpdatedAt, now),
                cancellationToken);

        if (updated == 1)
        {
            // A settled call is dialled no more: its phone number goes with its request.
            await db.DialRequests.Where(d => d.CallSid == callSid).ExecuteDeleteAsync(cancellationToken);
        }

        var current = await FindAsync(callSid, cancellationToken);
        return updated == 1
            ? (FinishOutcome.Finished, current)
            : (current?.Status == status ? FinishOutcome.AlreadyInThatState : FinishOutcome.Reopening, current);
    }
}
