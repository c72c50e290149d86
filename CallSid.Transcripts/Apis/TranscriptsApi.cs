using CallSid.Conventions.Http;
using CallSid.Transcripts.Model;
using CallSid.Transcripts.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using CallSid.Conventions.Telemetry;

namespace CallSid.Transcripts.Apis;

/// <summary>Internal API: a call's transcript.</summary>
public static class TranscriptsApi
{
    public static IEndpointRouteBuilder MapTranscriptsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/calls/{callSid}/transcript", GetTranscriptAsync)
            .WithName("GetTranscript")
            .WithSummary("A call's turns in spoken order, each with where it came from")
            .WithRequestBudget(app.ServiceProvider.GetRequiredService<IOptions<TranscriptOptions>>().Value.RequestBudget)
            .ProducesServerErrors();
        return app;
    }

    public static async Task<Results<Ok<TranscriptResponse>, NotFound<ErrorResponse>, ServiceUnavailable>> GetTranscriptAsync(
        string callSid, CallSidResolver resolver, TranscriptStore store, CancellationToken cancellationToken)
    {
        switch (await resolver.ResolveAsync(callSid, cancellationToken))
        {
            case CallLookup.Found found:
                CallTelemetry.Tag(callSid, found.ConversationId);
                var turns = await store.GetTurnsAsync(found.ConversationId, cancellationToken);
                return TypedResults.Ok(new TranscriptResponse(
                    callSid,
                    found.ConversationId,
                    turns.Select(t => new TranscriptTurn(t.SequenceNumber, t.SpeakerType, t.MessageText, t.Timestamp, t.Source)).ToList()));
            case CallLookup.NoConversation:
                return TypedResults.Ok(new TranscriptResponse(callSid, null, [])); // never connected: nothing was said
            case CallLookup.Unavailable unavailable:
                return new ServiceUnavailable(new ErrorResponse("Calls service unavailable. Please retry.", unavailable.Problem));
            default:
                return TypedResults.NotFound(new ErrorResponse($"Call not found for call_sid: {callSid}"));
        }
    }
}
