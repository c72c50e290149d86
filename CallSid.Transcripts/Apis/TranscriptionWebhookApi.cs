using CallSid.ServiceDefaults.Http;
using CallSid.Transcripts.Model;
using CallSid.Transcripts.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CallSid.Transcripts.Apis;

/// <summary>The per-turn webhook, public through the edge (which checks its bearer token).</summary>
public static class TranscriptionWebhookApi
{
    public static IEndpointRouteBuilder MapTranscriptionWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/elevenlabs/transcription", ReceiveAsync)
            .WithName("ReceiveTranscription")
            .WithSummary("Store one spoken turn of a call, found by our call_sid");
        return app;
    }

    public static async Task<Results<Created<TranscriptionSaved>, Ok<TranscriptionSaved>, BadRequest<ErrorResponse>, JsonHttpResult<ErrorResponse>>> ReceiveAsync(
        TranscriptionWebhookRequest? request,
        CallSidResolver resolver,
        TranscriptStore store,
        IOptions<TranscriptOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(TranscriptionWebhookApi));
        if (!TranscriptionWebhookValidator.TryValidate(request, options.Value.MaxMessageLength, out var turn, out var problems))
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid request data", string.Join("; ", problems)));
        }

        var lookup = await resolver.ResolveAsync(turn.CallSid, cancellationToken);
        switch (lookup.Status)
        {
            case CallLookupStatus.NotFound or CallLookupStatus.NoConversation or CallLookupStatus.Refused:
                logger.LogWarning("Turn for call_sid {CallSid} refused: {Problem}", turn.CallSid, lookup.Problem);
                return TypedResults.BadRequest(new ErrorResponse($"Call record not found or incomplete for call_sid: {turn.CallSid}", lookup.Problem));
            case CallLookupStatus.Unavailable:
                logger.LogWarning("Turn for call_sid {CallSid} not stored: {Problem}", turn.CallSid, lookup.Problem);
                return TypedResults.Json(new ErrorResponse("Calls service unavailable. Please retry.", lookup.Problem), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var saved = await store.SaveAsync(lookup.ConversationId!, turn.Speaker, turn.Message, turn.Timestamp, cancellationToken);
        logger.LogInformation(
            "Turn {SequenceNumber} of call_sid {CallSid} ({Speaker}, {Length} characters){Repeat}",
            saved.SequenceNumber, turn.CallSid, turn.Speaker, turn.Message.Length, saved.Created ? string.Empty : " was already stored");

        var location = $"/calls/{Uri.EscapeDataString(turn.CallSid)}/transcript";
        return saved.Created
            ? TypedResults.Created(location, new TranscriptionSaved("success", $"Transcription saved successfully for call_sid {turn.CallSid}", saved.TranscriptionId, saved.SequenceNumber))
            : TypedResults.Ok(new TranscriptionSaved("success", $"Transcription already saved for call_sid {turn.CallSid}", saved.TranscriptionId, saved.SequenceNumber));
    }
}
