using CallSid.Conventions.Http;
using CallSid.ServiceDefaults.Resilience;
using CallSid.ServiceDefaults.ServiceDiscovery;
using CallSid.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every CallSid service gets with one call, after Aspire's ServiceDefaults: telemetry, health,
/// service discovery, resilient internal HTTP, and our JSON conventions.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthEndpointPath = HealthEndpoints.Health;
    public const string AlivenessEndpointPath = HealthEndpoints.Alive;

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        // Kestrel binds only its endpoints from "Kestrel"; limits (Kestrel:Limits:MaxRequestBodySize) need this.
        builder.Services.Configure<KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));
        builder.Services.AddJsonApiDefaults();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddIdempotentResilienceHandler();
            ServiceDiscoveryExtensions.AddServiceDiscovery(http);
        });
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
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        return app;
    }
}
