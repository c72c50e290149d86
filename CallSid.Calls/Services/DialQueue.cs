using CallSid.Calls.Infrastructure;
using CallSid.Calls.Model;
using CallSid.Conventions.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallSid.Calls.Services;

/// <summary>
/// The queue of calls waiting for ElevenLabs' capacity (<c>calls</c> rows in status queued, with their
/// <c>dial_requests</c>, which it owns). Taking a call out of it makes the call live before it is dialled; with a concurrency limit,
/// every replica takes calls under one transaction-scoped advisory lock, so together they never exceed the limit.
/// </summary>
public sealed class DialQueue(CallsDbContext db, TimeProvider time, IOptions<ElevenLabsOptions> elevenLabs)
{
    private static readonly string Queued = CallStatus.Queued.ToText();
    private static readonly string InProgress = CallStatus.InProgress.ToText();

    /// <summary>
    /// Writes the call with what ElevenLabs will be asked to dial, unless its call_sid exists: live when the concurrency
    /// limit leaves room (decided under the queue's lock, in the same transaction, so a duplicate request sees it live,
    /// never queued), else queued and due at once. Returns the stored call, whether this request created it and whether
    /// it may dial now.
    /// </summary>
    public async Task<(Call Call, bool Created, bool DialNow)> WriteAsync(string callSid, int driverId, string dialRequest, CancellationToken cancellationToken)
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
            VALUES (@call_sid, @request::jsonb, @dial_after, 0, @now)
            """;

        // If the commit's acknowledgement is lost, EF's retrying strategy asks verifySucceeded whether it happened:
        // the id our insert returned belongs to no other request, so it tells. Without this a retry would find
        // "our" row, take it for someone else's, and the call would never be dialled.
        int? insertedId = null;
        var dialNow = false;
        await db.Database.CreateExecutionStrategy().ExecuteInTransactionAsync(
            async token =>
            {
                dialNow = await RoomAsync(1, token) > 0;
                var ids = await db.Database.SqlQueryRaw<int>(
                    insertIfAbsent,
                    new NpgsqlParameter("call_sid", callSid),
                    new NpgsqlParameter("driver_id", driverId),
                    new NpgsqlParameter("now", now),
                    new NpgsqlParameter("status", dialNow ? InProgress : Queued))
                    .ToListAsync(token);
                insertedId = ids.Count == 1 ? ids[0] : null;
                if (insertedId is not null)
                {
                    // A live call's request is no longer due: only a queued one waits for the queue.
                    await db.Database.ExecuteSqlRawAsync(
                        insertRequest,
                        [
                            new NpgsqlParameter("call_sid", callSid),
                            new NpgsqlParameter("request", dialRequest),
                            new NpgsqlParameter("now", now),
                            new NpgsqlParameter<DateTime?>("dial_after", dialNow ? null : now),
                        ],
                        token);
                }
            },
            async token => insertedId is { } id && await db.Calls.AnyAsync(c => c.Id == id, token),
            cancellationToken);

        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.CallSid == callSid, cancellationToken)
            ?? throw new InvalidOperationException($"Call {callSid} vanished right after it was written.");
        return (call, insertedId is not null, insertedId is not null && dialNow);
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> due calls, oldest first, as far as the concurrency limit leaves room: each
    /// becomes in_progress, its dial time now, and its request is returned.
    /// </summary>
    public Task<List<ClaimedDial>> ClaimAsync(int max, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var room = await RoomAsync(max, token);
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
                    WHERE c.status = @queued AND d.dial_after <= @now
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
                new NpgsqlParameter("room", room))
                .ToListAsync(token);
            await transaction.CommitAsync(token);
            return claimed;
        }, cancellationToken);

    /// <summary>
    /// How many calls may go live now, at most <paramref name="max"/>. With a concurrency limit it takes the
    /// transaction-scoped advisory lock every replica takes before making calls live, so the count stays true until commit.
    /// </summary>
    private async Task<int> RoomAsync(int max, CancellationToken cancellationToken)
    {
        if (elevenLabs.Value.ConcurrencyLimit is not { } limit)
        {
            return max;
        }

        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended({0}, 0))", ["callsid-dial-capacity:" + db.Schema], cancellationToken);
        var live = await db.Calls.CountAsync(c => c.Status == CallStatus.InProgress, cancellationToken);
        return Math.Min(max, limit - live);
    }

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

    /// <summary>How many calls wait in the queue, in every replica.</summary>
    public Task<int> CountQueuedAsync(CancellationToken cancellationToken) =>
        db.Calls.CountAsync(c => c.Status == CallStatus.Queued, cancellationToken);

    /// <summary>Deletes the requests of calls that settled without this replica seeing it (a PUT, a rollback, an older version).</summary>
    public Task<int> DeleteSettledAsync(CancellationToken cancellationToken) =>
        db.DialRequests
            .Where(d => db.Calls.Any(c => c.CallSid == d.CallSid && c.Status != CallStatus.InProgress && c.Status != CallStatus.Queued))
            .ExecuteDeleteAsync(cancellationToken);
}
