using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CallSid.ServiceDefaults.Telemetry;

/// <summary>
/// What <c>services.AddOpenTelemetry()</c> returns in OpenTelemetry.Extensions.Hosting, which our feed lacks: the
/// SDK's own <c>WithTracing</c>/<c>WithMetrics</c>/<c>WithLogging</c>/<c>UseOtlpExporter</c> hang off this builder.
/// </summary>
public sealed class OpenTelemetryServiceBuilder : IOpenTelemetryBuilder
{
    public OpenTelemetryServiceBuilder(IServiceCollection services)
    {
        Services = services;
        // Providers are lazy singletons; resolving them first thing is what starts collection (as the hosting package does).
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, TelemetryStarter>());
    }

    public IServiceCollection Services { get; }

    private sealed class TelemetryStarter(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetService<MeterProvider>();
            services.GetService<TracerProvider>();
            services.GetService<LoggerProvider>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
