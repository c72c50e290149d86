using CallSid.Calls.ElevenLabs;
using CallSid.Calls.Model;
using CallSid.Conventions.Http;
using CallSid.Conventions.Telemetry;
using Microsoft.Extensions.Options;

namespace CallSid.Calls.Services;

/// <summary>
/// The call workflow, per driver and in this order: write the Call row with ElevenLabs' request and commit, live if
/// ElevenLabs' concurrency limit leaves room, else queued (the queue dials it as calls end); only then ask ElevenLabs
/// to dial; record the conversation_id, or mark the call failed and say why. A call_sid that exists is never dialled
/// again. Every driver ends with a result of its own; one driver's trouble does not fail the others.
/// </summary>
public sealed class CallPlacement(
    IServiceScopeFactory scopes,
    IOptions<ElevenLabsOptions> elevenLabs,
    IOptions<CallPlacementOptions> placement,
    DialQueueSignal dialQueue,
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
        var request = ElevenLabsClient.Serialize(BuildRequest(callSid, driver));
        Call call;
        bool created, dialNow;
        try
        {
            (call, created, dialNow) = await scope.ServiceProvider.GetRequiredService<DialQueue>()
                .WriteAsync(callSid, driver.DriverId, request, CancellationToken.None);
        }
        catch (Exception e) when (JsonApiDefaults.DescribeOutage(e) is { } outage)
        {
            logger.LogWarning("Call {CallSid} not placed: {Outage}", callSid, outage);
            return DriverCallResult.NotDialled(callSid, timestamp, driver, outage, e.Message);
        }

        if (!created)
        {
            logger.LogInformation("Call {CallSid} exists ({Status}); not dialling again", callSid, call.Status.ToText());
            return DriverCallResult.Replayed(call, timestamp, driver);
        }

        if (!dialNow)
        {
            logger.LogInformation("Call {CallSid} queued: {Limit} calls are live, ElevenLabs' concurrency limit", callSid, elevenLabs.Value.ConcurrencyLimit);
            dialQueue.Notify(); // a call may have ended since
            return DriverCallResult.Queued(callSid, timestamp, driver,
                $"ElevenLabs' concurrency limit ({elevenLabs.Value.ConcurrencyLimit} live calls) is reached; the call is dialled as calls end.");
        }

        logger.LogInformation("Call {CallSid} recorded; asking ElevenLabs to dial {PhoneNumber}", callSid, PhoneNumber.Mask(driver.PhoneNumber));
        var dialled = await scope.ServiceProvider.GetRequiredService<CallDialer>().DialAsync(new ClaimedDial(callSid, request));
        return dialled switch
        {
            { Accepted: true } => DriverCallResult.Placed(callSid, dialled.ConversationId!, dialled.TwilioCallSid, timestamp, driver, dialled.Warning),
            { RetryIn: { } wait } => DriverCallResult.Queued(callSid, timestamp, driver,
                $"ElevenLabs is over its concurrency limit (429); the call waits in the queue and is dialled again in {wait.TotalSeconds:0.#} s."),
            _ => DriverCallResult.Failed(callSid, timestamp, driver, dialled.FailureReason!),
        };
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
