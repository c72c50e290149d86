using CallSid.ServiceDefaults.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CallSid.Edge.Extensions;

/// <summary>The edge's own steps in the request pipeline.</summary>
public static class EdgeApplicationExtensions
{
    /// <summary>
    /// Reads an authorised webhook's body fully before it is proxied, so a body over the limit fails here with 413
    /// (chunked or not) instead of halfway through the proxy. Runs after the rate limit and the authentication, so an
    /// unauthorised or throttled caller cannot make the edge read a megabyte.
    /// </summary>
    public static WebApplication UseWebhookBodyBuffering(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/webhooks"))
            {
                context.Request.EnableBuffering();
                await context.Request.Body.DrainAsync(context.RequestAborted);
                context.Request.Body.Position = 0;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>Anything that is not a public route: 404 in our error shape (the internal APIs are not public).</summary>
    public static WebApplication MapNotFoundFallback(this WebApplication app)
    {
        app.MapFallback((HttpContext context) => TypedResults.NotFound(new ErrorResponse("Not found", $"{context.Request.Method} {context.Request.Path}")));
        return app;
    }
}
