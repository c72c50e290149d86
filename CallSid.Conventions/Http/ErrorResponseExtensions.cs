using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallSid.Conventions.Http;

public static class ErrorResponseExtensions
{
    /// <summary>Writes <paramref name="error"/> with the service's JSON conventions, for code outside an endpoint (middleware, handlers).</summary>
    public static Task WriteErrorAsync(this HttpResponse response, int statusCode, ErrorResponse error, CancellationToken cancellationToken = default)
    {
        response.StatusCode = statusCode;
        if (statusCode == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = ServiceUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var json = response.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return response.WriteAsJsonAsync(error, json, cancellationToken);
    }
}
