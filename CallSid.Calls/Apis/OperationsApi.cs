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
        var api = app.MapGroup("/operations")
            .AddEndpointFilter(RequireJsonAsync)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ErrorResponse), ["application/json"]));
        api.MapPost("/sweep", SweepAsync).WithName("SweepNow")
            .WithSummary("Run one sweeper pass now: fail calls never dialled, ask ElevenLabs about calls with no post-call event");
        api.MapPost("/handovers/retry", RetryHandoversAsync).WithName("RetryHandoversNow")
            .WithSummary("Send every waiting post-call transcript hand-over to Transcripts now, instead of after its back-off");
        return app;
    }

    /// <summary>
    /// A web page open in a developer's browser may POST a form or plain text to localhost without asking; a JSON body
    /// needs a preflight, which Calls never grants. So these take <c>{}</c> as JSON, or nothing runs.
    /// </summary>
    private static async ValueTask<object?> RequireJsonAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.HasJsonContentType()
            ? await next(context)
            : TypedResults.Json(
                new ErrorResponse("Unsupported Content-Type", "Send the body {} with Content-Type: application/json."),
                statusCode: StatusCodes.Status415UnsupportedMediaType);

    public static async Task<Results<Ok<SweepResult>, Conflict<ErrorResponse>>> SweepAsync(CallSweeper sweeper) =>
        await sweeper.SweepNowAsync() is { } result
            ? TypedResults.Ok(result)
            : TypedResults.Conflict(new ErrorResponse("A sweep is already running (on a timer, or in another replica); try again in a few seconds"));

    public static async Task<Ok<HandoverRetryResult>> RetryHandoversAsync(TranscriptHandoverDispatcher dispatcher) =>
        TypedResults.Ok(await dispatcher.RetryNowAsync());
}
