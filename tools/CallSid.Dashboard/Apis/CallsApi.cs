using CallSid.Dashboard.Calls;
using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallSid.Dashboard.Apis;

/// <summary>The call view's data, and the JSON 404 for anything else under /api.</summary>
public static class CallsApi
{
    public static IEndpointRouteBuilder MapCallsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/calls/{callSid}", GetCallAsync).WithName("GetCallView");
        return app;
    }

    public static async Task<Ok<CallViewResponse>> GetCallAsync(string callSid, CallView view, CancellationToken cancellationToken) =>
        TypedResults.Ok(await view.GetAsync(callSid, cancellationToken));

    /// <summary>Unknown /api paths answer 404 in the error shape; unknown pages a plain 404.</summary>
    public static WebApplication MapNotFoundFallback(this WebApplication app)
    {
        app.MapFallback((HttpContext context) => context.Request.Path.StartsWithSegments("/api")
            ? (IResult)TypedResults.NotFound(new ErrorResponse("Not found", $"{context.Request.Method} {context.Request.Path}"))
            : TypedResults.NotFound());
        return app;
    }
}
