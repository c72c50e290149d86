using CallSid.Conventions.Database;
using CallSid.Transcripts.Infrastructure;
using CallSid.Transcripts.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallSid.Transcripts.Services;

/// <summary>Writes and reads <c>call_transcriptions</c>.</summary>
public sealed class TranscriptStore(TranscriptsDbContext db, ConversationGate gate, TimeProvider time)
{
    private static readonly string PostCall = SnakeCaseEnumConverter<TranscriptSource>.ToText(TranscriptSource.PostCall);
    private static readonly string Webhook = SnakeCaseEnumConverter<TranscriptSource>.ToText(TranscriptSource.Webhook);

    /// <summary>The advisory lock that serialises every write to one conversation's turns.</summary>
    public static string LockKey(string conversationId) => "callsid-transcript:" + conversationId;

    /// <summary>
    /// Stores a turn with the next sequence number of its conversation, or returns the stored one when this exact
    /// turn (speaker, timestamp, message) is already there. One round trip: a per-conversation advisory lock, then
    /// one statement that finds or numbers and inserts, in one implicit transaction. Concurrent turns of a
    /// conversation queue on the lock, so numbers are 1, 2, 3... with no gaps and no duplicates, and the unique
    /// (conversation_id, sequence_number) constraint backs that up. (The old count + 1 raced.)
    /// <para>
    /// Once a post-call transcript has recovered turns of this speaker that no delivery has matched yet, a delivery
    /// may be one of them, arriving late; comparing words (<see cref="SpokenWords"/>) is done in a second round trip
    /// (<see cref="MatchOrInsertAsync"/>).
    /// </para>
    /// </summary>
    public async Task<SavedTurn> SaveAsync(string conversationId, SpeakerType speaker, string message, DateTime timestamp, CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(conversationId, cancellationToken);
        var table = db.QuotedTableName<CallTranscription>();
        var findOrInsert = $"""
            WITH existing AS (
                SELECT id, sequence_number FROM {table}
                WHERE conversation_id = $1 AND speaker_type = $2 AND "timestamp" = $4 AND message_text = $3
                ORDER BY id
                LIMIT 1
            ), words_to_compare AS (
                SELECT 1 FROM {table}
                WHERE conversation_id = $1 AND speaker_type = $2 AND NOT EXISTS (SELECT 1 FROM existing)
                  AND ((source = '{PostCall}' AND webhook_timestamp IS NULL) OR webhook_timestamp = $4)
                LIMIT 1
            ), inserted AS (
                INSERT INTO {table} (conversation_id, speaker_type, message_text, "timestamp", sequence_number, created_at, source)
                SELECT $1, $2, $3, $4, COALESCE((SELECT max(sequence_number) FROM {table} WHERE conversation_id = $1), 0) + 1, $5, '{Webhook}'
                WHERE NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM words_to_compare)
                RETURNING id, sequence_number
            )
            SELECT id, sequence_number, {(int)SaveOutcome.Created} FROM inserted
            UNION ALL
            SELECT id, sequence_number, {(int)SaveOutcome.Repeated} FROM existing
            UNION ALL
            SELECT 0, 0, -1 FROM words_to_compare
            """;

        // A retry after a lost acknowledgement finds the committed turn as "existing": still one row.
        var saved = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await db.Database.OpenConnectionAsync(token);
            try
            {
                await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
                {
                    BatchCommands =
                    {
                        LockCommand(conversationId),
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

                var outcome = reader.GetInt32(2);
                return outcome < 0 ? null : new SavedTurn(reader.GetInt32(0), reader.GetInt32(1), (SaveOutcome)outcome);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, cancellationToken);

        return saved ?? await MatchOrInsertAsync(conversationId, speaker, message, timestamp, cancellationToken);
    }

    /// <summary>Turns in spoken order: by timestamp, then sequence number (recovered turns are timestamped where they were said).</summary>
    public Task<List<CallTranscription>> GetTurnsAsync(string conversationId, CancellationToken cancellationToken) =>
        db.Transcriptions.AsNoTracking()
            .Where(t => t.ConversationId == conversationId)
            .OrderBy(t => t.Timestamp).ThenBy(t => t.SequenceNumber)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// A delivery that may be a recovered turn arriving late, or a repeat of one that was. Under the conversation's
    /// lock: a recovered turn this delivery already matched (same timestamp, same words) answers as a repeat; else the
    /// first recovered turn in spoken order, not yet matched, with the same speaker and words is this turn, and now
    /// remembers the delivery's timestamp; else the turn is new and gets the next number.
    /// </summary>
    private Task<SavedTurn> MatchOrInsertAsync(string conversationId, SpeakerType speaker, string message, DateTime timestamp, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({LockKey(conversationId)}, 0))", token);
            var candidates = await db.Transcriptions.AsNoTracking()
                .Where(t => t.ConversationId == conversationId && t.SpeakerType == speaker
                            && ((t.Source == TranscriptSource.PostCall && t.WebhookTimestamp == null) || t.WebhookTimestamp == timestamp))
                .OrderBy(t => t.Timestamp).ThenBy(t => t.SequenceNumber)
                .ToListAsync(token);

            SavedTurn saved;
            if (candidates.FirstOrDefault(t => t.WebhookTimestamp == timestamp && SpokenWords.Same(t.MessageText, message)) is { } repeated)
            {
                saved = new SavedTurn(repeated.Id, repeated.SequenceNumber, SaveOutcome.Repeated);
            }
            else if (candidates.FirstOrDefault(t => t.WebhookTimestamp == null && SpokenWords.Same(t.MessageText, message)) is { } recovered)
            {
                await db.Transcriptions.Where(t => t.Id == recovered.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.WebhookTimestamp, timestamp), token);
                saved = new SavedTurn(recovered.Id, recovered.SequenceNumber, SaveOutcome.MatchedRecovered);
            }
            else
            {
                var ids = await db.Database.SqlQueryRaw<InsertedTurn>(
                        InsertNextStatement(),
                        new NpgsqlParameter { Value = conversationId },
                        new NpgsqlParameter { Value = SnakeCaseEnumConverter<SpeakerType>.ToText(speaker) },
                        new NpgsqlParameter { Value = message },
                        new NpgsqlParameter { Value = timestamp },
                        new NpgsqlParameter { Value = time.GetUtcNow().UtcDateTime })
                    .ToListAsync(token);
                saved = new SavedTurn(ids[0].Id, ids[0].SequenceNumber, SaveOutcome.Created);
            }

            await transaction.CommitAsync(token);
            return saved;
        }, cancellationToken);

    /// <summary>Inserts ($1 conversation, $2 speaker, $3 message, $4 timestamp, $5 now) with the next number; the only text put in is the table's quoted name.</summary>
    private string InsertNextStatement()
    {
        var table = db.QuotedTableName<CallTranscription>();
        return $"""
            INSERT INTO {table} (conversation_id, speaker_type, message_text, "timestamp", sequence_number, created_at, source)
            SELECT $1, $2, $3, $4, COALESCE((SELECT max(sequence_number) FROM {table} WHERE conversation_id = $1), 0) + 1, $5, '{Webhook}'
            RETURNING id AS "Id", sequence_number AS "SequenceNumber"
            """;
    }

    private static NpgsqlBatchCommand LockCommand(string conversationId) =>
        new("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))") { Parameters = { new() { Value = LockKey(conversationId) } } };

    private sealed record InsertedTurn(int Id, int SequenceNumber);
}
