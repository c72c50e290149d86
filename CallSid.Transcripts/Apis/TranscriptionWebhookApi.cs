using CallSid.Conventions.Http;
using CallSid.Conventions.Telemetry;
using CallSid.Transcripts.Model;
using CallSid.Transcripts.Services;
using CallSid.Transcripts.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CallSid.Transcripts.Apis;

/// <summary>The per-turn webhook, public through the edge (which checks its bearer token).</summary>
public static class TranscriptionWebhookApi
{
    /// <summary>The 400 for a call_sid with no call (or none dialled yet); the turn metric tells it from other 400s by it.</summary>
    private const string UnknownCall = "Call record not found or incomplete for call_sid: ";

    public static IEndpointRouteBuilder MapTranscriptionWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/elevenlabs/transcription", ReceiveAsync)
            .WithName("ReceiveTranscription")
            .WithSummary("Store one spoken turn of a call, found by our call_sid")
            .WithRequestBudget(app.ServiceProvider.GetRequiredService<IOptions<TranscriptOptions>>().Value.RequestBudget)
            .ProducesBodyErrors();
        return app;
    }

    public static async Task<Results<Created<TranscriptionSaved>, Ok<TranscriptionSaved>, BadRequest<ErrorResponse>, ServiceUnavailable>> ReceiveAsync(
        TranscriptionWebhookRequest? request,
        CallSidResolver resolver,
        TranscriptStore store,
        TurnMetrics metrics,
        HttpContext context,
        IOptions<TranscriptOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = await StoreAsync(request, resolver, store, options.Value, loggers.CreateLogger(typeof(TranscriptionWebhookApi)), cancellationToken);
            metrics.Record(result.Result switch
            {
                Created<TranscriptionSaved> => "stored",
                Ok<TranscriptionSaved> => "duplicate",
                ServiceUnavailable => "refused",
                BadRequest<ErrorResponse> { Value.Message: var message } when message.StartsWith(UnknownCall, StringComparison.Ordinal) => "unknown_call",
                _ => "invalid",
            });
            return result;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested || context.Features.Get<RequestBudgetFeature>() is { Spent: true })
        {
            metrics.Record("refused"); // answered 503 by the error handler: an outage, or the deadline passed
            throw;
        }
    }

    private static async Task<Results<Created<TranscriptionSaved>, Ok<TranscriptionSaved>, BadRequest<ErrorResponse>, ServiceUnavailable>> StoreAsync(
        TranscriptionWebhookRequest? request, CallSidResolver resolver, TranscriptStore store, TranscriptOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (!TranscriptionWebhookValidator.TryValidate(request, options.MaxMessageLength, out var turn, out var problems))
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid request data", string.Join("; ", problems)));
        }

        using var callScope = CallTelemetry.BeginCall(logger, turn.CallSid);
        string conversationId;
        switch (await resolver.ResolveAsync(turn.CallSid, cancellationToken))
        {
            case CallLookup.Found found:
                conversationId = found.ConversationId;
                break;
            case CallLookup.Unavailable unavailable:
                logger.LogWarning("Turn for call_sid {CallSid} not stored: {Problem}", turn.CallSid, unavailable.Problem);
                return new ServiceUnavailable(new ErrorResponse("Calls service unavailable. Please retry.", unavailable.Problem));
            case CallLookup.Rejected rejected:
                logger.LogWarning("Turn for call_sid {CallSid} refused: {Problem}", turn.CallSid, rejected.Problem);
                return TypedResults.BadRequest(new ErrorResponse(UnknownCall + turn.CallSid, rejected.Problem));
            default:
                throw new InvalidOperationException("Unknown call lookup result.");
        }

        using var conversationScope = CallTelemetry.BeginConversation(logger, conversationId);
        var saved = await store.SaveAsync(conversationId, turn.Speaker, turn.Message, turn.Timestamp, cancellationToken);
        logger.LogInformation(
            "Turn {SequenceNumber} of call_sid {CallSid} ({Speaker}, {Length} characters){Repeat}",
            saved.SequenceNumber, turn.CallSid, turn.Speaker, turn.Message.Length, saved.Outcome switch
            {
                SaveOutcome.Repeated => " was already stored",
                SaveOutcome.MatchedRecovered => " was already recovered from the post-call transcript",
                _ => string.Empty,
            });

        var location = $"/calls/{Uri.EscapeDataString(turn.CallSid)}/transcript";
        return saved.Created
            ? TypedResults.Created(location, new TranscriptionSaved("success", $"Transcription saved successfully for call_sid {turn.CallSid}", saved.TranscriptionId, saved.SequenceNumber))
            : TypedResults.Ok(new TranscriptionSaved("success", $"Transcription already saved for call_sid {turn.CallSid}", saved.TranscriptionId, saved.SequenceNumber));
    }
}
