using System.Text.Json;
using CallSid.Calls.Infrastructure;
using CallSid.Calls.Model;
using CallSid.Conventions.Database;
using CallSid.Conventions.Http;
using Microsoft.EntityFrameworkCore;

namespace CallSid.Calls.Services;

/// <summary>
/// Records what ElevenLabs reported about a call's conversation, in one transaction on the locked call row: its
/// status, its conversation_id and Twilio call SID when the call has none yet, and (as an outbox row) its transcript
/// for the Transcripts service. When this returns, the report is durable: the caller may acknowledge it.
/// </summary>
public sealed class ConversationOutcomeRecorder(
    CallsDbContext db, RedialPolicy redial, DialQueueSignal dialQueue, TimeProvider time, CallsMetrics metrics, ILogger<ConversationOutcomeRecorder> logger)
{
    private static readonly JsonSerializerOptions Json = JsonApiDefaults.CreateSerializerOptions();

    /// <summary>What was recorded; null when no call has <paramref name="callSid"/>.</summary>
    public async Task<RecordedOutcome?> RecordAsync(string callSid, ConversationOutcome outcome, string? traceParent, CancellationToken cancellationToken)
    {
        var recorded = await RecordOnceAsync(callSid, outcome, traceParent, cancellationToken);
        if (recorded is { Outcome: FinishOutcome.Finished })
        {
            metrics.RecordFinished(recorded.Call.Status);
            dialQueue.Notify(); // a live call ended (or a redial was queued): the queue may dial
        }

        return recorded;
    }

    private Task<RecordedOutcome?> RecordOnceAsync(string callSid, ConversationOutcome outcome, string? traceParent, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear(); // a retried attempt starts from what is committed
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            // The row lock serialises reports of one call (ElevenLabs retries, several replicas, the sweeper). The only
            // text put into the statement is the quoted table name from the model.
            var lockCall = "SELECT * FROM " + db.QuotedTableName<Call>() + " WHERE call_sid = {0} FOR UPDATE";
            var call = (await db.Calls.FromSqlRaw(lockCall, callSid).ToListAsync(token)).SingleOrDefault();
            if (call is null)
            {
                return null;
            }

            var recorded = await ApplyAsync(call, outcome, traceParent, token);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return recorded;
        }, cancellationToken);

    private async Task<RecordedOutcome> ApplyAsync(Call call, ConversationOutcome outcome, string? traceParent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var learnedConversation = false;
        if (outcome.ConversationId is { } reported && call.ConversationId is null)
        {
            if (await db.Calls.AnyAsync(c => c.ConversationId == reported && c.Id != call.Id, cancellationToken))
            {
                // Another call's conversation: applying this report would tie that call's words to this one.
                logger.LogWarning("{Reporter} names conversation {ConversationId}, which is another call's; not applied to {CallSid}",
                    outcome.Reporter, reported, call.CallSid);
                return new RecordedOutcome(FinishOutcome.Reopening, call, TurnsQueued: 0);
            }

            call.ConversationId = reported;
            learnedConversation = true;
        }

        if (call.TwilioCallSid is null && outcome.TwilioCallSid is { Length: > 0 } twilioCallSid)
        {
            call.TwilioCallSid = twilioCallSid;
        }

        var finish = Decide(call, outcome, learnedConversation);
        if (finish == FinishOutcome.Finished)
        {
            var end = outcome.EndTime ?? now;
            call.CallEndTime = end < call.CallStartTime ? call.CallStartTime : end; // ElevenLabs' clock may differ from ours a little
            call.Status = outcome.Status;
            if (outcome.FailureReason is { } reason)
            {
                call.FailureReason = Call.FitReason(reason);
            }

            await redial.StageAsync(call, now, cancellationToken);
        }

        if (finish is FinishOutcome.Finished or FinishOutcome.AlreadyInThatState)
        {
            RecordVerdict(call, outcome);
        }

        var turnsQueued = QueueTranscript(call, outcome, traceParent, now);
        if (db.Entry(call).State == EntityState.Modified)
        {
            call.UpdatedAt = now;
        }

        return new RecordedOutcome(finish, call, turnsQueued);
    }

    /// <summary>
    /// ElevenLabs' report is authoritative about a conversation: an in_progress call ends as reported. A call we had
    /// marked failed before ElevenLabs named its conversation (a dial that timed out or whose answer we never read, a
    /// call swept as not dialled) takes the reported end (completed, voicemail, busy, no_answer) when this report
    /// brings the conversation. A call ElevenLabs itself settled is never changed.
    /// </summary>
    private static FinishOutcome Decide(Call call, ConversationOutcome outcome, bool learnedConversation) => call.Status switch
    {
        _ when call.Status == outcome.Status => FinishOutcome.AlreadyInThatState,
        CallStatus.InProgress => FinishOutcome.Finished,
        CallStatus.Failed when outcome.Status != CallStatus.Failed && learnedConversation => FinishOutcome.Finished,
        _ => FinishOutcome.Reopening,
    };

    /// <summary>ElevenLabs' verdict on the conversation; a repeated or later report fills only what is still missing.</summary>
    private static void RecordVerdict(Call call, ConversationOutcome outcome)
    {
        if (outcome.TerminationReason is { Length: > 0 } termination)
        {
            call.TerminationReason ??= termination.Length <= Call.MaxTerminationReasonLength
                ? termination
                : termination[..(Call.MaxTerminationReasonLength - 3)] + "...";
        }

        if (outcome.CallSuccessful is { Length: > 0 and <= Call.MaxCallSuccessfulLength } successful)
        {
            call.CallSuccessful ??= successful;
        }

        call.Summary ??= outcome.Summary;
        call.DataCollectionResults ??= outcome.DataCollectionResults;
    }

    /// <summary>Adds the outbox row for the conversation's words; returns how many turns it carries.</summary>
    private int QueueTranscript(Call call, ConversationOutcome outcome, string? traceParent, DateTime now)
    {
        if (call.ConversationId is null)
        {
            return 0;
        }

        if (outcome.ConversationId is { } reported && reported != call.ConversationId)
        {
            logger.LogWarning("{Reporter} for call {CallSid} is about conversation {Reported}, not the call's {ConversationId}; its transcript is not stored",
                outcome.Reporter, call.CallSid, reported, call.ConversationId);
            return 0;
        }

        var request = TranscriptHandoverRequest.From(call.CallSid, outcome.ConversationStart ?? call.CallStartTime, outcome.Transcript);
        if (request is null)
        {
            return 0;
        }

        db.TranscriptHandovers.Add(new TranscriptHandover
        {
            CallSid = call.CallSid,
            ConversationId = call.ConversationId,
            Payload = JsonSerializer.Serialize(request, Json),
            TraceParent = traceParent is { Length: <= 55 } ? traceParent : null,
            Attempts = 0,
            NextAttemptAt = now,
            CreatedAt = now,
        });
        return request.Turns.Count;
    }
}
