using CallSid.Conventions.Http;
using CallSid.Conventions.Telemetry;
using CallSid.Transcripts.Model;
using CallSid.Transcripts.Services;
using CallSid.Transcripts.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallSid.Transcripts.Apis;

/// <summary>
/// Internal: the Calls service hands over the transcript of ElevenLabs' post-call event (Calls receives the event;
/// this service owns the turns). Idempotent: the same transcript again adds nothing, so Calls may send it until it
/// has a 2xx.
/// </summary>
public static class TranscriptRecoveryApi
{
    public static IEndpointRouteBuilder MapTranscriptRecoveryApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/conversations/{conversationId}/transcript", RecoverAsync)
            .WithName("RecoverTranscript")
            .WithSummary("Complete a conversation's stored turns from ElevenLabs' post-call transcript")
            .ProducesBodyErrors();
        return app;
    }

    public static async Task<Results<Ok<TranscriptRecovered>, BadRequest<ErrorResponse>, NotFound<ErrorResponse>>> RecoverAsync(
        string conversationId, TranscriptRecoveryRequest? request, TranscriptRecovery recovery, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(TranscriptRecoveryApi));
        if (!TranscriptRecoveryValidator.TryValidate(conversationId, request, out var turns, out var problems))
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid request data", string.Join("; ", problems)));
        }

        using var callScope = request!.CallSid is { } callSid
            ? CallTelemetry.BeginCall(logger, callSid, conversationId)
            : CallTelemetry.BeginConversation(logger, conversationId);
        if (await recovery.RecoverAsync(conversationId, turns, cancellationToken) is not { } result)
        {
            return TypedResults.NotFound(new ErrorResponse($"Conversation not found: {conversationId}", "No call has this conversation_id."));
        }

        if (result.Added.Count > 0)
        {
            logger.LogInformation("Recovered {Count} turn(s) of call_sid {CallSid} (conversation {ConversationId}) from the post-call transcript: sequence numbers {Numbers}",
                result.Added.Count, request!.CallSid, conversationId, string.Join(", ", result.Added));
        }

        return TypedResults.Ok(new TranscriptRecovered(
            "success",
            result.Added.Count == 0 ? "Every turn was already stored" : $"{result.Added.Count} turn(s) recovered",
            conversationId,
            turns.Count,
            result.AlreadyStored,
            result.Added));
    }
}
