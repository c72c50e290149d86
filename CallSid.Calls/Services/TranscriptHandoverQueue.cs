using CallSid.Calls.Infrastructure;
using CallSid.Calls.Model;
using CallSid.Conventions.Database;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallSid.Calls.Services;

/// <summary>
/// The <c>transcript_handovers</c> outbox, seen from its dispatcher. Rows are claimed with <c>FOR UPDATE SKIP
/// LOCKED</c> and leased (pushed ahead) for the attempt, so several replicas never send one row at the same time,
/// and a row whose attempts keep failing only waits for its own next turn.
/// </summary>
public sealed class TranscriptHandoverQueue(CallsDbContext db, TimeProvider time)
{
    public Task<List<ClaimedHandover>> ClaimDueAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var table = db.QuotedTableName<TranscriptHandover>();
        var claim = $"""
            UPDATE {table} SET attempts = attempts + 1, next_attempt_at = @lease_until, last_attempt_at = @now
            WHERE id IN (
                SELECT id FROM {table}
                WHERE next_attempt_at <= @now
                ORDER BY next_attempt_at, id
                LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Id", call_sid AS "CallSid", conversation_id AS "ConversationId", payload::text AS "Payload",
                      trace_parent AS "TraceParent", attempts AS "Attempts", created_at AS "CreatedAt"
            """;
        return db.Database.SqlQueryRaw<ClaimedHandover>(
                claim,
                new NpgsqlParameter("now", now),
                new NpgsqlParameter("lease_until", now + lease),
                new NpgsqlParameter("batch", batchSize))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Transcripts took it: the row's work is done.</summary>
    public Task CompleteAsync(long id, CancellationToken cancellationToken) =>
        db.TranscriptHandovers.Where(h => h.Id == id).ExecuteDeleteAsync(cancellationToken);

    /// <summary>The attempt failed: due again after <paramref name="delay"/>, with why it failed.</summary>
    public Task RescheduleAsync(long id, TimeSpan delay, string error, CancellationToken cancellationToken)
    {
        var next = time.GetUtcNow().UtcDateTime + delay;
        var lastError = error.Length <= TranscriptHandover.MaxErrorLength ? error : error[..(TranscriptHandover.MaxErrorLength - 3)] + "...";
        return db.TranscriptHandovers.Where(h => h.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.NextAttemptAt, next).SetProperty(h => h.LastError, lastError), cancellationToken);
    }

    /// <summary>
    /// Makes every waiting row due now, except a row claimed within the last <paramref name="lease"/> and not yet
    /// rescheduled (the claim pushed it exactly one lease past its attempt): that attempt may still be in flight, and
    /// claiming it again would send one transcript twice at once.
    /// </summary>
    public Task<int> MakeDueNowAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var attemptedBefore = now - lease;
        return db.TranscriptHandovers
            .Where(h => h.NextAttemptAt > now
                && (h.LastAttemptAt == null || h.LastAttemptAt < attemptedBefore || h.NextAttemptAt != h.LastAttemptAt + lease))
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.NextAttemptAt, now), cancellationToken);
    }

    public async Task<HandoverBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        var pending = await db.TranscriptHandovers.LongCountAsync(cancellationToken);
        var oldest = pending == 0 ? null : await db.TranscriptHandovers.MinAsync(h => (DateTime?)h.CreatedAt, cancellationToken);
        return new HandoverBacklog(pending, oldest);
    }
}
