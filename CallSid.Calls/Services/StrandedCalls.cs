using CallSid.Calls.Infrastructure;
using CallSid.Calls.Model;
using CallSid.Conventions.Database;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallSid.Calls.Services;

/// <summary>The sweeper's queries on <c>calls</c>: calls in_progress long after they should have moved on.</summary>
public sealed class StrandedCalls(CallsDbContext db, TimeProvider time)
{
    private static readonly string InProgress = SnakeCaseEnumConverter<CallStatus>.ToText(CallStatus.InProgress);
    private static readonly string Failed = SnakeCaseEnumConverter<CallStatus>.ToText(CallStatus.Failed);

    /// <summary>
    /// The right to sweep, held (as a session advisory lock on a connection of its own) until the pass is disposed; null
    /// when another replica holds it. A replica that dies releases it with its connection.
    /// </summary>
    public async Task<IAsyncDisposable?> TryBeginPassAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", connection)
            {
                Parameters = { new() { Value = "callsid-call-sweeper:" + db.Schema } },
            };
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new SweepPass(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Fails, in one statement, the calls dialled (taken out of the queue) before <paramref name="dialledBefore"/> that never got a conversation:
    /// nobody is dialling them any more. Rows another transaction holds (a post-call event) are skipped this time.
    /// </summary>
    public Task<List<string>> FailNotDialledAsync(DateTime dialledBefore, string reason, int batchSize, CancellationToken cancellationToken)
    {
        var table = db.QuotedTableName<Call>();
        var sweep = $"""
            UPDATE {table} SET status = @failed, failure_reason = @reason, call_end_time = @now, updated_at = @now
            WHERE id IN (
                SELECT id FROM {table}
                WHERE status = @in_progress AND conversation_id IS NULL AND call_start_time < @dialled_before
                ORDER BY id
                LIMIT @batch
                FOR UPDATE SKIP LOCKED)
              AND status = @in_progress AND conversation_id IS NULL
            RETURNING call_sid AS "Value"
            """;
        return db.Database.SqlQueryRaw<string>(
                sweep,
                new NpgsqlParameter("failed", Failed),
                new NpgsqlParameter("in_progress", InProgress),
                new NpgsqlParameter("reason", Call.FitReason(reason)),
                new NpgsqlParameter("now", time.GetUtcNow().UtcDateTime),
                new NpgsqlParameter("dialled_before", dialledBefore),
                new NpgsqlParameter("batch", batchSize))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Calls ElevenLabs accepted before <paramref name="dialledBefore"/> and that no post-call event has finished,
    /// oldest first, except <paramref name="notYet"/>.
    /// </summary>
    public Task<List<Call>> FindWithoutPostCallEventAsync(DateTime dialledBefore, IReadOnlyCollection<string> notYet, int batchSize, CancellationToken cancellationToken) =>
        db.Calls.AsNoTracking()
            .Where(c => c.Status == CallStatus.InProgress && c.ConversationId != null && c.CallStartTime < dialledBefore && !notYet.Contains(c.CallSid))
            .OrderBy(c => c.CallStartTime)
            .Take(batchSize)
            .ToListAsync(cancellationToken);

    private sealed class SweepPass(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await unlock.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
