using CallSid.Calls.Services;
using CallSid.Conventions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallSid.Calls.Apis;

/// <summary>
/// Internal API for SREs (the dashboard's commands): run now what otherwise runs on a timer. The edge does not route
/// it; only the AppHost and the cluster reach Calls.
/// </summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/operations");
        api.MapPost("/sweep", SweepAsync).WithName("SweepNow")
            .WithSummary("Run one sweeper pass now: fail calls never dialled, ask ElevenLabs about calls with no post-call event");
        api.MapPost("/handovers/retry", RetryHandoversAsync).WithName("RetryHandoversNow")
            .WithSummary("Send every waiting post-call transcript hand-over to Transcripts now, instead of after its back-off");
        return app;
    }

    public static async Task<Results<Ok<SweepResult>, Conflict<ErrorResponse>>> SweepAsync(CallSweeper sweeper) =>
        await sweeper.SweepNowAsync() is { } result
            ? TypedResults.Ok(result)
            : TypedResults.Conflict(new ErrorResponse("A sweep is already running (on a timer, or in another replica); try again in a few seconds"));

    public static async Task<Ok<HandoverRetryResult>> RetryHandoversAsync(TranscriptHandoverDispatcher dispatcher) =>
        TypedResults.Ok(await dispatcher.RetryNowAsync());
}
