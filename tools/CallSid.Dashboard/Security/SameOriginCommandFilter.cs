namespace CallSid.Dashboard.Security;

/// <summary>
/// Anti-CSRF for state-changing endpoints: they require the header <c>x-dashboard-request: 1</c>, which a
/// cross-site form cannot send and a cross-site script cannot send without a CORS preflight (which the dashboard
/// never grants). A present Origin must also be this dashboard's. The SameSite=Strict cookie is the second line.
/// </summary>
public sealed class SameOriginCommandFilter : IEndpointFilter
{
    public const string HeaderName = "x-dashboard-request";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.Headers[HeaderName] != "1")
        {
            return ValueTask.FromResult<object?>(Forbidden($"State-changing requests need the header {HeaderName}: 1."));
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return ValueTask.FromResult<object?>(Forbidden("Cross-origin requests are refused."));
        }

        return next(context);
    }

    private static IResult Forbidden(string details) =>
        TypedResults.Json(new ErrorResponse("Forbidden", details), DashboardJson.Options, statusCode: StatusCodes.Status403Forbidden);
}
