using CallSid.Transcripts.Infrastructure;
using CallSid.Transcripts.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallSid.Transcripts.Services;

/// <summary>
/// Completes a conversation's stored transcript from ElevenLabs' post-call transcript: the turns no per-turn delivery
/// stored are added (source <c>post_call</c>) with the next sequence numbers; numbers already given never change.
/// Under the conversation's advisory lock (the one per-turn deliveries take), so numbers stay exact and gap-free;
/// the same transcript again adds nothing.
/// </summary>
public sealed class TranscriptRecovery(TranscriptsDbContext db, TimeProvider time)
{
    /// <summary>Null when the conversation is not a call's (the database's foreign key refused it).</summary>
    public async Task<RecoveryResult?> RecoverAsync(string conversationId, IReadOnlyList<SpokenTurn> spoken, CancellationToken cancellationToken)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear(); // a retried attempt starts from what is committed
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({TranscriptStore.LockKey(conversationId)}, 0))", token);
                var stored = await db.Transcriptions.AsNoTracking()
                    .Where(t => t.ConversationId == conversationId)
                    .OrderBy(t => t.Timestamp).ThenBy(t => t.SequenceNumber)
                    .Select(t => new StoredTurn(t.Id, t.SpeakerType, t.MessageText, t.Timestamp, t.SequenceNumber))
                    .ToListAsync(token);

                var plan = TranscriptAlignment.Plan(stored, spoken);
                var next = stored.Count == 0 ? 1 : stored.Max(t => t.SequenceNumber) + 1;
                var now = time.GetUtcNow().UtcDateTime;
                var added = new List<int>();
                foreach (var (turn, timestamp) in plan.ToAdd)
                {
                    added.Add(next);
                    db.Transcriptions.Add(new CallTranscription
                    {
                        ConversationId = conversationId,
                        SpeakerType = turn.Speaker,
                        MessageText = turn.Message,
                        Timestamp = timestamp,
                        SequenceNumber = next++,
                        Source = TranscriptSource.PostCall,
                        CreatedAt = now,
                    });
                }

                await db.SaveChangesAsync(token);
                await transaction.CommitAsync(token);
                return new RecoveryResult(plan.AlreadyStored, added);
            }, cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            return null;
        }
    }
}
