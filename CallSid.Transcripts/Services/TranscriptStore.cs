using CallSid.ServiceDefaults.Database;
using CallSid.Transcripts.Infrastructure;
using CallSid.Transcripts.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallSid.Transcripts.Services;

/// <summary>Writes and reads <c>call_transcriptions</c>.</summary>
public sealed class TranscriptStore(TranscriptsDbContext db, TimeProvider time)
{
    /// <summary>
    /// Stores a turn with the next sequence number of its conversation, or returns the stored one when this exact
    /// turn (speaker, timestamp, message) is already there. One round trip: a per-conversation advisory lock, then
    /// one statement that finds or numbers and inserts, in one implicit transaction. Concurrent turns of a
    /// conversation queue on the lock, so numbers are 1, 2, 3... with no gaps and no duplicates, and the unique
    /// (conversation_id, sequence_number) constraint backs that up. (The old count + 1 raced.)
    /// </summary>
    public Task<SavedTurn> SaveAsync(string conversationId, SpeakerType speaker, string message, DateTime timestamp, CancellationToken cancellationToken)
    {
        var table = db.QuotedTableName<CallTranscription>();
        var findOrInsert = $"""
            WITH existing AS (
                SELECT id, sequence_number FROM {table}
                WHERE conversation_id = $1 AND speaker_type = $2 AND "timestamp" = $4 AND message_text = $3
                ORDER BY id
                LIMIT 1
            ), inserted AS (
                INSERT INTO {table} (conversation_id, speaker_type, message_text, "timestamp", sequence_number, created_at)
                SELECT $1, $2, $3, $4, COALESCE((SELECT max(sequence_number) FROM {table} WHERE conversation_id = $1), 0) + 1, $5
                WHERE NOT EXISTS (SELECT 1 FROM existing)
                RETURNING id, sequence_number
            )
            SELECT id, sequence_number, true FROM inserted
            UNION ALL
            SELECT id, sequence_number, false FROM existing
            """;

        // A retry after a lost acknowledgement finds the committed turn as "existing": still one row.
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await db.Database.OpenConnectionAsync(token);
            try
            {
                await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                        {
                            Parameters = { new() { Value = "callsid-transcript:" + conversationId } },
                        },
                        new NpgsqlBatchCommand(findOrInsert)
                        {
                            Parameters =
                            {
                                new() { Value = conversationId },
                                new() { Value = SnakeCaseEnumConverter<SpeakerType>.ToText(speaker) },
                                new() { Value = message },
                                new() { Value = timestamp },
                                new() { Value = time.GetUtcNow().UtcDateTime },
                            },
                        },
                    },
                };
                await using var reader = await batch.ExecuteReaderAsync(token);
                await reader.NextResultAsync(token); // past the lock's empty result
                if (!await reader.ReadAsync(token))
                {
                    throw new InvalidOperationException($"Storing a turn of {conversationId} returned no row.");
                }

                return new SavedTurn(reader.GetInt32(0), reader.GetInt32(1), reader.GetBoolean(2));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, cancellationToken);
    }

    public Task<List<CallTranscription>> GetTurnsAsync(string conversationId, CancellationToken cancellationToken) =>
        db.Transcriptions.AsNoTracking()
            .Where(t => t.ConversationId == conversationId)
            .OrderBy(t => t.SequenceNumber)
            .ToListAsync(cancellationToken);
}
