using CallSid.Calls.Model;
using CallSid.Calls.Services;
using CallSid.Calls.Validation;
using CallSid.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallSid.Calls.Apis;

public static class DriverCallsApi
{
    public static IEndpointRouteBuilder MapDriverCallsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/driver_data/call-elevenlabs", CallDriversAsync)
            .WithName("CallDrivers")
            .WithSummary("Place ElevenLabs calls to drivers about trip violations")
            .WithDescription("Writes each driver's Call row first, then asks ElevenLabs to dial. A call_sid that exists is not dialled again.");
        return app;
    }

    public static async Task<Results<Ok<DriverCallResult>, Ok<BatchCallResponse>, JsonHttpResult<DriverCallResult>, BadRequest<ErrorResponse>>> CallDriversAsync(
        BatchCallRequest? request, CallPlacement placement, CancellationToken cancellationToken)
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
                PlacementOutcome.NotDialled => TypedResults.Json(result, statusCode: StatusCodes.Status503ServiceUnavailable),
                _ => TypedResults.Json(result, statusCode: StatusCodes.Status502BadGateway),
            };
        }

        var succeeded = results.Count(r => r.Succeeded);
        return TypedResults.Ok(new BatchCallResponse(
            succeeded == results.Count ? "success" : succeeded == 0 ? "error" : "partial",
            $"{succeeded} of {results.Count} calls initiated",
            batch.Timestamp,
            results.Count,
            succeeded,
            results.Count - succeeded,
            results));
    }
}
