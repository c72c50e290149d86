using System.Diagnostics.Metrics;
using CallSid.Edge.Webhooks;
using CallSid.Conventions.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace CallSid.Edge.Extensions;

/// <summary>The edge's own steps in the request pipeline.</summary>
public static class EdgeApplicationExtensions
{
    /// <summary>
    /// Reads an authorised webhook's body fully (<see cref="WebhookBody"/>) before it is proxied, so a body over the
    /// limit fails here with 413 (chunked or not) instead of halfway through the proxy. Runs after the rate limit and
    /// the authentication, so an unauthorised or throttled caller cannot make the edge read a megabyte.
    /// </summary>
    public static WebApplication UseWebhookBodyBuffering(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            // Only a proxied route (its caller authenticated): an unknown path is a 404 without its body read.
            if (context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is not null)
            {
                await WebhookBody.ReadAsync(context);
            }

            await next(context);
        });
        return app;
    }

    /// <summary>
    /// With <c>Edge:AllowedSourceAddresses</c> set, a webhook from any other address is refused with 403 before its
    /// credentials are checked or its body read. Health probes and everything else are left alone.
    /// </summary>
    public static WebApplication UseSourceAddressAllowList(this WebApplication app)
    {
        var allowList = app.Services.GetRequiredService<SourceAddressAllowList>();
        if (!allowList.IsEnabled)
        {
            return app;
        }

        app.Use(async (context, next) =>
        {
            var address = context.Connection.RemoteIpAddress;
            if (context.Request.Path.StartsWithSegments("/webhooks") && !allowList.Allows(address))
            {
                await context.Response.WriteErrorAsync(StatusCodes.Status403Forbidden,
                    new ErrorResponse("Forbidden", $"{address} is not an address webhooks are accepted from"));
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>
    /// Counts every delivery to a public webhook by its final status (<c>callsid.webhook.deliveries</c>, meter
    /// <c>CallSid.Edge</c>), refusals included, so a forged-signature storm or an outage shows at a glance. Outermost,
    /// so it sees the status the sender saw.
    /// </summary>
    public static WebApplication UseWebhookDeliveryMetrics(this WebApplication app)
    {
        var deliveries = app.Services.GetRequiredService<IMeterFactory>().Create("CallSid.Edge").CreateCounter<long>(
            "callsid.webhook.deliveries", "{delivery}", "Deliveries to the public webhooks, by webhook (callsid.webhook) and status");
        app.Use(async (context, next) =>
        {
            var webhook = context.Request.Path.Value switch
            {
                "/webhooks/elevenlabs/transcription" => "transcription",
                "/webhooks/elevenlabs/post-call" => "post_call",
                _ => null,
            };
            await next(context);
            if (webhook is not null)
            {
                deliveries.Add(1, new("callsid.webhook", webhook), new("http.response.status_code", context.Response.StatusCode));
            }
        });
        return app;
    }

    /// <summary>
    /// The public routes, proxied by YARP. A backend that cannot be reached (down, restarting, too slow) is answered
    /// 503 with Retry-After in our error shape: ElevenLabs' retry is the right reaction, not a 502 "bad gateway".
    /// </summary>
    public static WebApplication MapWebhookProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(AnswerUnreachableBackendsAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    private static async Task AnswerUnreachableBackendsAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.GetForwarderErrorFeature() is { } failure && !context.Response.HasStarted)
        {
            var cluster = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
            await context.Response.WriteErrorAsync(
                StatusCodes.Status503ServiceUnavailable,
                new ErrorResponse("Service unavailable. Please retry.", $"The {cluster} service could not be reached ({failure.Error})"));
        }
    }

    /// <summary>Anything that is not a public route: 404 in our error shape (the internal APIs are not public).</summary>
    public static WebApplication MapNotFoundFallback(this WebApplication app)
    {
        app.MapFallback((HttpContext context) => TypedResults.NotFound(new ErrorResponse("Not found", $"{context.Request.Method} {context.Request.Path}")))
            .ExcludeFromDescription();
        return app;
    }
}
