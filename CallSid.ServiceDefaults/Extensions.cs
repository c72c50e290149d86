using CallSid.Conventions.Http;
using CallSid.ServiceDefaults;
using CallSid.ServiceDefaults.Resilience;
using CallSid.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire's ServiceDefaults template, as every CallSid service uses it: OpenTelemetry, health checks, service discovery
/// and the standard resilience handler, plus our JSON conventions.
/// </summary>
public static class Extensions
{
    /// <summary>Our own activity sources and meters all start with this; one wildcard subscribes to them.</summary>
    public const string CallSidSources = "CallSid.*";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        // Kestrel binds only its endpoints from "Kestrel"; limits (Kestrel:Limits:MaxRequestBodySize) need this.
        builder.Services.Configure<KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));
        builder.Services.AddJsonApiDefaults();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.Services.AddCallSidResilienceSettings();
        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs over OTLP, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the AppHost or an operator
    /// sets it): without a collector nothing listens, so activities cost nothing. <c>OTEL_SERVICE_NAME</c> names the service.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            // callsid.call_sid travels in a log scope (CallTelemetry.BeginCall); scopes become log attributes.
            logging.IncludeScopes = true;
        });

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.AspNetCore.RateLimiting", "Polly", CallSidSources))
            .WithTracing(tracing => tracing
                .SetSampler(new QuietTraceSampler())
                .AddSource("Yarp.ReverseProxy", CallSidSources)
                // Probes are not traces: neither the request nor the database checks it runs.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsHealthProbe(context.Request.Path))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary><c>/alive</c>: the process answers. <c>/health</c>: ready, including the database where there is one.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Ready means fully ready: a degraded check (a service still warming up) keeps traffic away too.
        app.MapHealthChecks(HealthEndpoints.Health, new HealthCheckOptions
        {
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        });
        app.MapHealthChecks(HealthEndpoints.Alive, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        return app;
    }

    /// <summary>Fails start-up, naming the missing setting, when one of <paramref name="services"/> has no address.</summary>
    public static IHostApplicationBuilder RequireServices(this IHostApplicationBuilder builder, params string[] services)
    {
        builder.Services.AddOptions<RequiredServices>().Configure(required => required.Names.AddRange(services)).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RequiredServices>, RequiredServices.Validator>());
        return builder;
    }

    private static bool IsHealthProbe(PathString path) =>
        path.Equals(HealthEndpoints.Health, StringComparison.OrdinalIgnoreCase)
        || path.Equals(HealthEndpoints.Alive, StringComparison.OrdinalIgnoreCase);
}
