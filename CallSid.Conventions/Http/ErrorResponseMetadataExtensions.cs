using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallSid.Conventions.Http;

/// <summary>The statuses an endpoint can answer in the error shape besides those its handler returns, for its OpenAPI document.</summary>
public static class ErrorResponseMetadataExtensions
{
    /// <summary>Any endpoint: 500 (a fault of ours) and 503 (a dependency down or the budget spent; Retry-After).</summary>
    public static RouteHandlerBuilder ProducesServerErrors(this RouteHandlerBuilder builder) =>
        builder.ProducesErrors(StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable);

    /// <summary>An endpoint that reads a JSON body: also 400 (unreadable JSON), 413 (too large) and 415 (not UTF-8 JSON).</summary>
    public static RouteHandlerBuilder ProducesBodyErrors(this RouteHandlerBuilder builder) =>
        builder.ProducesServerErrors().ProducesErrors(
            StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var statusCode in statusCodes)
        {
            builder.Produces<ErrorResponse>(statusCode);
        }

        return builder;
    }
}
