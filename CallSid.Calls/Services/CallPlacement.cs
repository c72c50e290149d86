using CallSid.Calls.ElevenLabs;
using CallSid.Calls.Model;
using CallSid.Conventions.Http;
using CallSid.Conventions.Telemetry;
using Microsoft.Extensions.Options;

namespace CallSid.Calls.Services;

/// <summary>
/// The call workflow, per driver and in this order: write the Call row and commit; only then ask ElevenLabs to
/// dial; record the conversation_id, or mark the call failed and say why. A call_sid that exists is never dialled
/// again. Every driver ends with a result of its own; one driver's trouble does not fail the others.
/// </summary>
public sealed class CallPlacement(
    IServiceScopeFactory scopes,
    IOptions<ElevenLabsOptions> elevenLabs,
    IOptions<CallPlacementOptions> placement,
    CallsMetrics metrics,
    ILogger<CallPlacement> logger)
{
    public async Task<IReadOnlyList<DriverCallResult>> PlaceAsync(ValidBatch batch, CancellationToken cancellationToken)
    {
        var results = new DriverCallResult[batch.Drivers.Count];
        // The token only stops drivers that have not started: once a driver's row is written, its call runs to the
        // end, or the row would say in_progress for a call nobody placed and a retry would not place it either.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, batch.Drivers.Count),
            new ParallelOptions { MaxDegreeOfParallelism = placement.Value.MaxConcurrentDials, CancellationToken = cancellationToken },
            async (index, _) => results[index] = await PlaceOneAsync(batch.Timestamp, batch.Drivers[index]));
        return results;
    }

    /// <summary>One driver's call, as a span of its own (a batch has many) whose logs and tags name the call.</summary>
    private async Task<DriverCallResult> PlaceOneAsync(string timestamp, DriverCall driver)
    {
        var callSid = driver.CallSidFor(timestamp);
        using var activity = CallsMetrics.ActivitySource.StartActivity("place call");
        using var callScope = CallTelemetry.BeginCall(logger, callSid);
        var result = await PlaceOneCoreAsync(callSid, timestamp, driver);
        if (result.ConversationId is { } conversationId)
        {
            CallTelemetry.Tag(callSid, conversationId);
        }

        activity?.SetTag("callsid.placement.outcome", result.Outcome.ToString());
        metrics.RecordPlacement(result.Outcome);
        return result;
    }

    private async Task<DriverCallResult> PlaceOneCoreAsync(string callSid, string timestamp, DriverCall driver)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<CallStore>();

        Call call;
        bool created;
        try
        {
            (call, created) = await store.CreateIfAbsentAsync(callSid, driver.DriverId, CancellationToken.None);
        }
        catch (Exception e) when (JsonApiDefaults.DescribeOutage(e) is { } outage)
        {
            logger.LogWarning("Call {CallSid} not placed: {Outage}", callSid, outage);
            return DriverCallResult.NotDialled(callSid, timestamp, driver, outage, e.Message);
        }

        if (!created)
        {
            logger.LogInformation("Call {CallSid} exists ({Status}); not dialling again", callSid, call.Status);
            return DriverCallResult.Replayed(call, timestamp, driver);
        }

        logger.LogInformation("Call {CallSid} recorded; asking ElevenLabs to dial {PhoneNumber}", callSid, PhoneNumber.Mask(driver.PhoneNumber));
        var result = await scope.ServiceProvider.GetRequiredService<ElevenLabsClient>()
            .PlaceOutboundCallAsync(BuildRequest(callSid, driver), CancellationToken.None);

        if (result.Accepted)
        {
            string? warning = null;
            try
            {
                await store.SetConversationIdAsync(callSid, result.ConversationId!, result.TwilioCallSid, CancellationToken.None);
                logger.LogInformation("Call {CallSid} accepted by ElevenLabs as conversation {ConversationId}", callSid, result.ConversationId);
            }
            catch (Exception e)
            {
                // The phone is ringing: the call succeeded. Its post-call event stores the conversation_id later.
                warning = $"The conversation_id could not be stored yet ({e.Message}); the post-call event will store it.";
                logger.LogError(e, "Call {CallSid} is conversation {ConversationId}, which could not be stored", callSid, result.ConversationId);
            }

            return DriverCallResult.Placed(callSid, result.ConversationId!, result.TwilioCallSid, timestamp, driver, warning);
        }

        // Stored masked, as logged: the calls table holds no phone numbers.
        var reason = PhoneNumber.MaskAll(result.FailureReason!);
        logger.LogWarning("Call {CallSid} failed: {Reason}", callSid, reason);
        try
        {
            await store.FinishAsync(callSid, CallStatus.Failed, endTime: null, reason, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Call {CallSid} failed but could not be marked failed", callSid);
        }

        return DriverCallResult.Failed(callSid, timestamp, driver, result.FailureReason!);
    }

    private OutboundCallRequest BuildRequest(string callSid, DriverCall driver)
    {
        var settings = elevenLabs.Value;
        var (prompt, firstMessage) = ViolationCallScript.Build(driver, settings.DispatcherName);
        var variables = new Dictionary<string, string>
        {
            ["call_sid"] = callSid,
            ["driver_id"] = driver.DriverId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["driver_name"] = driver.DriverName,
            ["trip_id"] = driver.TripId,
            ["transfer_to"] = settings.TransferNumber,
            ["dispatcher_name"] = settings.DispatcherName,
        };
        return new OutboundCallRequest(
            settings.AgentId,
            settings.AgentPhoneNumberId,
            driver.PhoneNumber,
            new ConversationInitiationClientData(variables, new ConversationConfigOverride(new AgentOverride(new PromptOverride(prompt), firstMessage))));
    }
}
