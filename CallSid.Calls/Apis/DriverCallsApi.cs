using CallSid.Calls.Model;
using CallSid.Calls.Services;
using CallSid.Calls.Validation;
using CallSid.Conventions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace CallSid.Calls.Apis;

public static class DriverCallsApi
{
    public static IEndpointRouteBuilder MapDriverCallsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/driver_data/call-elevenlabs", CallDriversAsync)
            .WithName("CallDrivers")
            .WithSummary("Place ElevenLabs calls to drivers about trip violations")
            .WithDescription("Writes each driver's Call row first, then asks ElevenLabs to dial. A call_sid that exists is not dialled again. " +
                             "Over ElevenLabs' concurrency limit (ElevenLabs:ConcurrencyLimit, or its 429) a driver waits in a queue and is dialled as calls end. " +
                             "With one driver, that driver's result (200, 202 while it is queued, 409 while its first request is under way, 502 when ElevenLabs failed, " +
                             "503 with Retry-After when nothing could be written); with several, 200 with every driver's result.")
            .Produces<BatchCallResponse>()
            .Produces<DriverCallResult>(StatusCodes.Status202Accepted)
            .Produces<DriverCallResult>(StatusCodes.Status409Conflict)
            .Produces<DriverCallResult>(StatusCodes.Status502BadGateway)
            .Produces<DriverCallResult>(StatusCodes.Status503ServiceUnavailable)
            .ProducesErrors(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status500InternalServerError)
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                // 200 is one driver's result or a batch's; the generator keeps only the last type declared for a status.
                var single = await context.GetOrCreateSchemaAsync(typeof(DriverCallResult), cancellationToken: cancellationToken);
                var batch = await context.GetOrCreateSchemaAsync(typeof(BatchCallResponse), cancellationToken: cancellationToken);
                operation.Responses!["200"].Content!["application/json"].Schema = new OpenApiSchema { OneOf = [single, batch] };
            });
        return app;
    }

    public static async Task<Results<Ok<DriverCallResult>, Ok<BatchCallResponse>, JsonHttpResult<DriverCallResult>, BadRequest<ErrorResponse>>> CallDriversAsync(
        BatchCallRequest? request, CallPlacement placement, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!BatchCallValidator.TryValidate(request, out var batch, out var problems))
        {
            return TypedResults.BadRequest(new ErrorResponse($"Invalid request: {problems.Count} problem(s)", string.Join("; ", problems)));
        }

        var results = await placement.PlaceAsync(batch, cancellationToken);
        if (results.Count == 1)
        {
            var result = results[0];
            return result.Outcome switch
            {
                PlacementOutcome.Placed or PlacementOutcome.AlreadyPlaced => TypedResults.Ok(result),
                PlacementOutcome.InFlight => TypedResults.Json(result, statusCode: StatusCodes.Status409Conflict),
                PlacementOutcome.Queued or PlacementOutcome.AlreadyQueued => TypedResults.Json(result, statusCode: StatusCodes.Status202Accepted),
                PlacementOutcome.NotDialled => RetryLater(response, result),
                _ => TypedResults.Json(result, statusCode: StatusCodes.Status502BadGateway),
            };
        }

        var succeeded = results.Count(r => r.Succeeded);
        var queued = results.Count(r => r.IsQueued);
        var failed = results.Count - succeeded - queued;
        return TypedResults.Ok(new BatchCallResponse(
            failed == 0 ? "success" : failed == results.Count ? "error" : "partial",
            $"{succeeded} of {results.Count} calls initiated" + (queued > 0 ? $", {queued} queued for ElevenLabs' capacity" : string.Empty),
            batch.Timestamp,
            results.Count,
            succeeded,
            queued,
            failed,
            results));
    }

    /// <summary>Nothing was written or dialled: the same request later is safe, and says so (503 with Retry-After).</summary>
    private static JsonHttpResult<DriverCallResult> RetryLater(HttpResponse response, DriverCallResult result)
    {
        response.Headers.RetryAfter = ServiceUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Json(result, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
