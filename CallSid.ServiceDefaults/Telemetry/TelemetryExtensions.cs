using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CallSid.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Our own activity sources all start with this; one wildcard subscribes to them.</summary>
    public const string ActivitySourcePrefix = "CallSid.";

    private static readonly string[] TracedSources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", "Yarp.ReverseProxy", ActivitySourcePrefix + "*"];

    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http", "System.Runtime", "Npgsql", "Polly", ActivitySourcePrefix + "*",
    ];

    /// <summary>
    /// Traces, metrics and logs over OTLP, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the AppHost or an
    /// operator sets it). <c>OTEL_SERVICE_NAME</c> names the service.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Names server spans after their route and keeps health probes out of traces, exporter or not.
        builder.Services.AddTransient<IStartupFilter, HttpServerSpanStartupFilter>();

        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;
        new OpenTelemetryServiceBuilder(builder.Services)
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing.AddSource(TracedSources))
            .WithMetrics(metrics => metrics.AddMeter(Meters))
            .WithLogging(configureBuilder: null, configureOptions: logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            })
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// ASP.NET Core 10 leaves its server activity named <c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c> without route
    /// or status (the OpenTelemetry instrumentation package would add them; our feed lacks it). This does it.
    /// </summary>
    private sealed class HttpServerSpanStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // ASP.NET Core starts an activity for every request, for its log scopes, even when nothing collects
                // traces; only one from its ActivitySource, which a tracer listens to, is worth describing.
                var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
                if (activity is null || !activity.Source.HasListeners())
                {
                    return nextMiddleware(context);
                }

                if (IsHealthProbe(context.Request.Path))
                {
                    // Not recorded: neither this span nor its children (database checks) reach the exporter.
                    activity.IsAllDataRequested = false;
                    activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                    return nextMiddleware(context);
                }

                return DescribeAfterAsync(activity, context, nextMiddleware);
            });
            next(app);
        };

        private static async Task DescribeAfterAsync(Activity activity, HttpContext context, RequestDelegate next)
        {
            try
            {
                await next(context);
            }
            finally
            {
                if (activity.IsAllDataRequested)
                {
                    Describe(activity, context);
                }
            }
        }

        private static bool IsHealthProbe(PathString path) =>
            path.Equals(ServiceDefaultsExtensions.HealthEndpointPath, StringComparison.OrdinalIgnoreCase)
            || path.Equals(ServiceDefaultsExtensions.AlivenessEndpointPath, StringComparison.OrdinalIgnoreCase);

        private static void Describe(Activity activity, HttpContext context)
        {
            var method = context.Request.Method;
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            activity.DisplayName = route is null ? method : $"{method} {route}";
            activity.SetTag("http.request.method", method);
            activity.SetTag("url.path", context.Request.Path.Value);
            if (route is not null)
            {
                activity.SetTag("http.route", route);
            }

            var status = context.Response.StatusCode;
            activity.SetTag("http.response.status_code", status);
            if (status >= 500)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
