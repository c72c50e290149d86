using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace CallSid.Conventions.Http;

/// <summary>
/// 503 in the error shape with <c>Retry-After</c>: a dependency is down or the request's budget ran out, and the same
/// request later may well succeed. Typed, so the OpenAPI document lists it for the endpoints that can answer it.
/// </summary>
public sealed class ServiceUnavailable(ErrorResponse error) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ErrorResponse>
{
    /// <summary>Seconds a sender should wait before trying again.</summary>
    public const int RetryAfterSeconds = 1;

    public int? StatusCode => StatusCodes.Status503ServiceUnavailable;

    public ErrorResponse Value { get; } = error;

    object? IValueHttpResult.Value => Value;

    public Task ExecuteAsync(HttpContext httpContext) => httpContext.Response.WriteErrorAsync(StatusCodes.Status503ServiceUnavailable, Value);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ErrorResponse), ["application/json"]));
}
