using CallSid.Calls.Model;
using CallSid.Calls.Services;
using CallSid.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallSid.Calls.Apis;

/// <summary>
/// ElevenLabs' post-call events, reaching us through the edge (which verifies their signature): the end of a
/// conversation finishes its call. ElevenLabs disables a webhook that keeps failing, so anything we merely do not
/// act on is answered 200.
/// </summary>
public static class PostCallWebhookApi
{
    private const long MaxUnixSeconds = 32_503_680_000; // year 3000
    private const long MaxDurationSecs = 7 * 24 * 3600;

    public static IEndpointRouteBuilder MapPostCallWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/elevenlabs/post-call", ReceiveAsync)
            .WithName("ReceivePostCallEvent")
            .WithSummary("ElevenLabs post-call webhook: post_call_transcription and call_initiation_failure");
        return app;
    }

    public static async Task<Results<Ok<PostCallWebhookResponse>, NotFound<ErrorResponse>, BadRequest<ErrorResponse>>> ReceiveAsync(
        PostCallEvent? postCallEvent, CallStore calls, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(PostCallWebhookApi));
        if (postCallEvent is not { Type: { Length: > 0 } type })
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid request", "type is required"));
        }

        if (type is not (PostCallEvent.Transcription or PostCallEvent.InitiationFailure))
        {
            return TypedResults.Ok(new PostCallWebhookResponse("ignored", $"Event type {type} is not used", null, null));
        }

        var data = postCallEvent.Data;
        if (data is null || (data.CallSid is null && string.IsNullOrEmpty(data.ConversationId)))
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid request", "data.conversation_id or data.conversation_initiation_client_data.dynamic_variables.call_sid is required"));
        }

        if (data.ConversationId is { } conversation && !CallStore.IsStorable(conversation))
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid request", "data.conversation_id must not contain NUL characters"));
        }

        if (data.Metadata is { StartTimeUnixSecs: < 0 or > MaxUnixSeconds } or { CallDurationSecs: < 0 or > MaxDurationSecs })
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid request", "data.metadata.start_time_unix_secs or call_duration_secs is out of range"));
        }

        var call = await calls.FindAsync(data.CallSid, data.ConversationId, cancellationToken);
        if (call is null)
        {
            return TypedResults.NotFound(new ErrorResponse(
                $"Call not found for call_sid: {data.CallSid ?? "(none)"}, conversation_id: {data.ConversationId ?? "(none)"}"));
        }

        var (status, end) = type == PostCallEvent.Transcription
            ? (data.Status == "failed" ? CallStatus.Failed : CallStatus.Completed, EndOf(data.Metadata))
            : (CallStatus.Failed, (DateTime?)null);
        // A call cannot end before we started it; ElevenLabs' clock may disagree with ours by a little.
        if (end < call.CallStartTime)
        {
            end = call.CallStartTime;
        }

        var (outcome, finished) = await calls.FinishAsync(call.CallSid, status, end ?? time.GetUtcNow().UtcDateTime, data.ConversationId, cancellationToken);
        logger.LogInformation("{EventType} for call {CallSid}: {Outcome}{Reason}", type, call.CallSid, outcome,
            data.FailureReason is null ? string.Empty : $" ({data.FailureReason})");

        return TypedResults.Ok(outcome switch
        {
            FinishOutcome.Finished => new PostCallWebhookResponse("success", $"Call {call.CallSid} is {status.ToText()}", call.CallSid, finished!.Status),
            FinishOutcome.AlreadyInThatState => new PostCallWebhookResponse("success", $"Call {call.CallSid} was already {status.ToText()}", call.CallSid, finished!.Status),
            _ => new PostCallWebhookResponse("ignored", $"Call {call.CallSid} is already {finished!.Status.ToText()}; event not applied", call.CallSid, finished.Status),
        });
    }

    private static DateTime? EndOf(PostCallMetadata? metadata) =>
        metadata is { StartTimeUnixSecs: { } start }
            ? DateTimeOffset.FromUnixTimeSeconds(start + (metadata.CallDurationSecs ?? 0)).UtcDateTime
            : null;
}
