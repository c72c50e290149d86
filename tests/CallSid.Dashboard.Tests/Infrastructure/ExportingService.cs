using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CallSid.Dashboard.Tests.Infrastructure;

/// <summary>
/// A pretend service exporting to the dashboard exactly as ours do: the real OpenTelemetry SDK and OTLP exporter,
/// http/protobuf, with <c>x-otlp-api-key</c> in the headers. Each has its own ActivitySource and Meter, so several
/// of them in one test process are separate resources (service.name + service.instance.id).
/// </summary>
public sealed class ExportingService : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;
    private readonly ILoggerFactory _logging;

    public ExportingService(Uri otlp, string serviceName, string instanceId, string? apiKey = DashboardServer.OtlpApiKey, int metricIntervalMilliseconds = 250)
    {
        var id = Guid.NewGuid().ToString("N");
        ServiceName = serviceName;
        Source = new ActivitySource($"Test.{serviceName}.{id}");
        Meter = new Meter($"Test.{serviceName}.{id}");
        var resource = ResourceBuilder.CreateEmpty().AddService(serviceName, serviceInstanceId: instanceId);
        var headers = apiKey is null ? null : $"x-otlp-api-key={apiKey}";

        void Configure(OtlpExporterOptions options, string signal)
        {
            options.Endpoint = new Uri(otlp, signal);
            options.Protocol = OtlpExportProtocol.HttpProtobuf;
            options.Headers = headers;
            options.BatchExportProcessorOptions.ScheduledDelayMilliseconds = 100;
        }

        _tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(Source.Name)
            .AddOtlpExporter(options => Configure(options, "/v1/traces"))
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(Meter.Name)
            // Buckets sized for request durations in seconds, as ASP.NET Core advises for http.server.request.duration.
            .AddView("http.server.request.duration", new ExplicitBucketHistogramConfiguration
            {
                Boundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
            })
            .AddOtlpExporter((options, reader) =>
            {
                Configure(options, "/v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = metricIntervalMilliseconds;
            })
            .Build();
        _logging = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Trace)
            .AddOpenTelemetry(options =>
            {
                options.SetResourceBuilder(resource);
                options.IncludeScopes = true;
                options.IncludeFormattedMessage = true;
                options.AddOtlpExporter(exporter => Configure(exporter, "/v1/logs"));
            }));
    }

    public string ServiceName { get; }

    public ActivitySource Source { get; }

    public Meter Meter { get; }

    public ILogger Logger(string category) => _logging.CreateLogger(category);

    public void Flush()
    {
        _tracing.ForceFlush();
        _metrics.ForceFlush();
    }

    public void Dispose()
    {
        _logging.Dispose();
        _tracing.Dispose();
        _metrics.Dispose();
        Source.Dispose();
        Meter.Dispose();
    }
}
