using CallSid.Calls.Infrastructure;
using CallSid.Calls.Model;
using CallSid.Conventions.Database;
using CallSid.Conventions.Validation;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
    /// Writes the call (queued, no conversation_id yet) with what ElevenLabs will be asked to dial, unless its call_sid
    /// exists, and commits. Returns the stored call and whether this request created it; only the creator may dial.
    /// </summary>
    public async Task<(Call Call, bool Created)> CreateIfAbsentAsync(string callSid, int driverId, string dialRequest, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // EF Core has no insert-if-absent; the only interpolated parts are the quoted table names from the model.
        var insertIfAbsent = $"""
            INSERT INTO {db.QuotedTableName<Call>()} (call_sid, driver_id, call_start_time, status, attempt, created_at, updated_at)
            VALUES (@call_sid, @driver_id, @now, @status, 1, @now, @now)
            ON CONFLICT (call_sid) DO NOTHING
            RETURNING id AS "Value"
            """;
        var insertRequest = $"""
            INSERT INTO {db.QuotedTableName<DialRequest>()} (call_sid, request, dial_after, throttled, created_at)
            VALUES (@call_sid, @request::jsonb, @own_turn_until, 0, @now)
            """;

        // If the commit's acknowledgement is lost, EF's retrying strategy asks verifySucceeded whether it happened:
        // the id our insert returned belongs to no other request, so it tells. Without this a retry would find
        // "our" row, take it for someone else's, and the call would never be dialled.
        int? insertedId = null;
        await db.Database.CreateExecutionStrategy().ExecuteInTransactionAsync(
            async token =>
            {
                var ids = await db.Database.SqlQueryRaw<int>(
                    insertIfAbsent,
                    new NpgsqlParameter("call_sid", callSid),
                    new NpgsqlParameter("driver_id", driverId),
                    new NpgsqlParameter("now", now),
                    new NpgsqlParameter("status", CallStatus.Queued.ToText()))
                    .ToListAsync(token);
                insertedId = ids.Count == 1 ? ids[0] : null;
                if (insertedId is not null)
                {
                    await db.Database.ExecuteSqlRawAsync(
                        insertRequest,
                        [
                            new NpgsqlParameter("call_sid", callSid),
                            new NpgsqlParameter("request", dialRequest),
                            new NpgsqlParameter("now", now),
                            new NpgsqlParameter("own_turn_until", now + DialQueue.RequestsOwnTurn),
                        ],
                        token);
                }
            },
            async token => insertedId is { } id && await db.Calls.AnyAsync(c => c.Id == id, token),
            cancellationToken);

        var call = await FindAsync(callSid, cancellationToken)
            ?? throw new InvalidOperationException($"Call {callSid} vanished right after it was written.");
        return (call, insertedId is not null);
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
