using System.Globalization;
using System.Text.Json.Nodes;
using CallSid.Calls.Infrastructure;
using CallSid.Calls.Model;
using Microsoft.Extensions.Options;

namespace CallSid.Calls.Services;

/// <summary>
/// What follows a call's end, staged in the transaction that records it: its dial request goes (with the phone number),
/// and, when <c>Redial</c> is on and the driver was not reached (no_answer, busy, voicemail), the next attempt is queued
/// as a call of its own: a new call_sid, the same driver and trip, linked to the first attempt, due after the minimum
/// delay. One attempt at a time, since the next is written only when the last has ended.
/// </summary>
public sealed class RedialPolicy(CallsDbContext db, IOptions<RedialOptions> options, ILogger<RedialPolicy> logger)
{
    /// <summary>Stages the follow-up of <paramref name="settled"/>; returns the next attempt when one was queued.</summary>
    public async Task<Call?> StageAsync(Call settled, DateTime now, CancellationToken cancellationToken)
    {
        var request = await db.DialRequests.FindAsync([settled.CallSid], cancellationToken);
        if (request is null)
        {
            return null; // placed before the queue existed, or already followed up
        }

        db.DialRequests.Remove(request);
        var settings = options.Value;
        if (!settings.Enabled || settled.Status is not (CallStatus.NoAnswer or CallStatus.Busy or CallStatus.Voicemail)
            || settled.Attempt >= settings.MaxAttempts || settled.DriverId is not { } driverId)
        {
            return null;
        }

        // EL_{driverId}_{timestamp}, as every call_sid, with the time the attempt was decided as its timestamp.
        var callSid = $"EL_{driverId}_{now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}";
        var next = new Call
        {
            CallSid = callSid,
            DriverId = driverId,
            Status = CallStatus.Queued,
            CallStartTime = now,
            Attempt = settled.Attempt + 1,
            FirstCallSid = settled.FirstCallSid ?? settled.CallSid,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Calls.Add(next);
        db.DialRequests.Add(new DialRequest
        {
            CallSid = callSid,
            Request = WithCallSid(request.Request, callSid),
            DialAfter = now + settings.MinimumDelay,
            CreatedAt = now,
        });
        logger.LogInformation("Call {CallSid} ended {Status}; attempt {Attempt} of {MaxAttempts} queued as {NextCallSid}, due in {Delay}",
            settled.CallSid, settled.Status.ToText(), next.Attempt, settings.MaxAttempts, callSid, settings.MinimumDelay);
        return next;
    }

    /// <summary>The same request to ElevenLabs, with the new call_sid in its dynamic variables (the webhooks carry it back).</summary>
    private static string WithCallSid(string request, string callSid)
    {
        var body = JsonNode.Parse(request)!.AsObject();
        body["conversation_initiation_client_data"]!["dynamic_variables"]!["call_sid"] = callSid;
        return body.ToJsonString();
    }
}
