using CallSid.Calls.Model;
using CallSid.Calls.Services;
using CallSid.Calls.Validation;
using CallSid.Conventions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallSid.Calls.Apis;

/// <summary>ElevenLabs' post-call events, reaching us through the edge (which verifies their signature).</summary>
public static class PostCallWebhookApi
{
    public static IEndpointRouteBuilder MapPostCallWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/elevenlabs/post-call", ReceiveAsync)
            .WithName("ReceivePostCallEvent")
            .WithSummary("ElevenLabs post-call webhook: post_call_transcription and call_initiation_failure")
            .ProducesBodyErrors();
        return app;
    }

    public static async Task<Results<Ok<PostCallWebhookResponse>, NotFound<ErrorResponse>, BadRequest<ErrorResponse>>> ReceiveAsync(
        PostCallEvent? postCallEvent, PostCallEventProcessor processor, CancellationToken cancellationToken)
    {
        if (processor.IgnoreOtherAgent(postCallEvent) is { } ignored)
        {
            return TypedResults.Ok(ignored);
        }

        if (PostCallEventValidator.FindProblem(postCallEvent) is { } problem)
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid request", problem));
        }

        return await processor.ApplyAsync(postCallEvent!, cancellationToken) is { } response
            ? TypedResults.Ok(response)
            : TypedResults.NotFound(new ErrorResponse(
                $"Call not found for call_sid: {postCallEvent!.Data!.CallSid ?? "(none)"}, conversation_id: {postCallEvent.Data.ConversationId ?? "(none)"}"));
    }
}
