using CallSid.Calls.Infrastructure;
using CallSid.Calls.Model;
using CallSid.Conventions.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallSid.Calls.Services;

/// <summary>
/// The queue of calls waiting for ElevenLabs' capacity (<c>calls</c> rows in status queued, with their
/// <c>dial_requests</c>). Taking a call out of it makes the call live before it is dialled; with a concurrency limit,
/// every replica takes calls under one transaction-scoped advisory lock, so together they never exceed the limit.
/// </summary>
public sealed class DialQueue(CallsDbContext db, TimeProvider time, IOptions<ElevenLabsOptions> elevenLabs)
{
    private static readonly string Queued = CallStatus.Queued.ToText();
    private static readonly string InProgress = CallStatus.InProgress.ToText();

    /// <summary>
    /// A call a request just wrote is that request's to dial first; the queue takes it only if the request never came
    /// back (<see cref="MakeDueAsync"/> hands it over sooner when there is no room now).
    /// </summary>
    public static readonly TimeSpan RequestsOwnTurn = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Takes up to <paramref name="max"/> due calls, oldest first (or <paramref name="only"/>'s calls, due or not), as far
    /// as the concurrency limit leaves room: each becomes in_progress, its dial time now, and its request is returned.
    /// </summary>
    public Task<List<ClaimedDial>> ClaimAsync(int max, IReadOnlyCollection<string>? only, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var room = max;
            if (elevenLabs.Value.ConcurrencyLimit is { } limit)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended({0}, 0))", ["callsid-dial-capacity:" + db.Schema], token);
                var live = await db.Calls.CountAsync(c => c.Status == CallStatus.InProgress, token);
                room = Math.Min(max, limit - live);
            }

            if (room <= 0)
            {
                return [];
            }

            var now = time.GetUtcNow().UtcDateTime;
            var calls = db.QuotedTableName<Call>();
            var requests = db.QuotedTableName<DialRequest>();
            // The only interpolated parts are the quoted table names from the model.
            var claim = $"""
                WITH picked AS (
                    SELECT c.id, c.call_sid FROM {calls} c JOIN {requests} d ON d.call_sid = c.call_sid
                    WHERE c.status = @queued AND (d.dial_after <= @now AND @only::text[] IS NULL OR c.call_sid = ANY(@only))
                    ORDER BY d.dial_after, c.id
                    LIMIT @room
                    FOR UPDATE OF c, d SKIP LOCKED),
                live AS (
                    UPDATE {calls} c SET status = @in_progress, call_start_time = @now, updated_at = @now
                    FROM picked WHERE c.id = picked.id)
                UPDATE {requests} d SET dial_after = NULL
                FROM picked WHERE d.call_sid = picked.call_sid
                RETURNING d.call_sid AS "CallSid", d.request::text AS "Request"
                """;
            var claimed = await db.Database.SqlQueryRaw<ClaimedDial>(
                claim,
                new NpgsqlParameter("queued", Queued),
                new NpgsqlParameter("in_progress", InProgress),
                new NpgsqlParameter("now", now),
                new NpgsqlParameter("room", room),
                new NpgsqlParameter("only", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = only?.ToArray() ?? (object)DBNull.Value })
                .ToListAsync(token);
            await transaction.CommitAsync(token);
            return claimed;
        }, cancellationToken);

    /// <summary>
    /// ElevenLabs answered 429: no phone rang, so the call goes back into the queue, due after a back-off that grows with
    /// each 429 (<paramref name="delayFor"/>, given the count). Returns the wait.
    /// </summary>
    public Task<TimeSpan> RequeueAsync(string callSid, Func<int, TimeSpan> delayFor, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var request = await db.DialRequests.SingleAsync(d => d.CallSid == callSid, token);
            var now = time.GetUtcNow().UtcDateTime;
            var delay = delayFor(request.Throttled + 1);
            await db.DialRequests.Where(d => d.CallSid == callSid)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.DialAfter, now + delay).SetProperty(d => d.Throttled, d => d.Throttled + 1), token);
            await db.Calls.Where(c => c.CallSid == callSid && c.Status == CallStatus.InProgress && c.ConversationId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CallStatus.Queued).SetProperty(c => c.UpdatedAt, now), token);
            await transaction.CommitAsync(token);
            return delay;
        }, cancellationToken);

    /// <summary>No room for the call its request just wrote: it is due now, in line with the others.</summary>
    public Task<int> MakeDueAsync(string callSid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.DialRequests.Where(d => d.CallSid == callSid && d.DialAfter != null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DialAfter, now), cancellationToken);
    }

    /// <summary>How many calls wait in the queue, in every replica.</summary>
    public Task<int> CountQueuedAsync(CancellationToken cancellationToken) =>
        db.Calls.CountAsync(c => c.Status == CallStatus.Queued, cancellationToken);

    /// <summary>Deletes the requests of calls that settled without this replica seeing it (a PUT, a rollback, an older version).</summary>
    public Task<int> DeleteSettledAsync(CancellationToken cancellationToken) =>
        db.DialRequests
            .Where(d => db.Calls.Any(c => c.CallSid == d.CallSid && c.Status != CallStatus.InProgress && c.Status != CallStatus.Queued))
            .ExecuteDeleteAsync(cancellationToken);
}
