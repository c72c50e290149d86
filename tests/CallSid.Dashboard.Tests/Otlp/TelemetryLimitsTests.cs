using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Tests.Infrastructure;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using static CallSid.Dashboard.Tests.Infrastructure.OtlpRequests;

namespace CallSid.Dashboard.Tests.Otlp;

/// <summary>Dashboard:TelemetryLimits: small limits, more data than they hold, and exactly the newest kept.</summary>
public sealed class TelemetryLimitsTests
{
    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["Dashboard:TelemetryLimits:MaxTraceCount"] = "3",
        ["Dashboard:TelemetryLimits:MaxLogCount"] = "4",
        ["Dashboard:TelemetryLimits:MaxMetricsCount"] = "5",
        ["Dashboard:TelemetryLimits:MaxAttributeCount"] = "2",
        ["Dashboard:TelemetryLimits:MaxAttributeLength"] = "16",
        ["Dashboard:TelemetryLimits:MaxSpanEventCount"] = "1",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_oldest_traces_are_dropped_first()
    {
        await using var dashboard = await DashboardServer.StartAsync(SmallLimits);
        foreach (var name in new[] { "t1", "t2", "t3", "t4", "t5" })
        {
            using var response = await dashboard.Otlp.SendAsync(Post("/v1/traces", Protobuf(Traces("calls", Span(name)))), Cancel);
            response.EnsureSuccessStatusCode();
        }

        var traces = await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces");
        Assert.Equal(["calls: t5", "calls: t4", "calls: t3"], traces.Traces.Select(t => t.Name));
    }

    [Fact]
    public async Task The_oldest_logs_are_dropped_first()
    {
        await using var dashboard = await DashboardServer.StartAsync(SmallLimits);
        foreach (var message in new[] { "l1", "l2", "l3", "l4", "l5", "l6" })
        {
            var request = new ExportLogsServiceRequest
            {
                ResourceLogs =
                {
                    new ResourceLogs
                    {
                        Resource = Service("calls"),
                        ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { Body = new AnyValue { StringValue = message }, SeverityNumber = SeverityNumber.Info, TimeUnixNano = 1 } } } },
                    },
                },
            };
            using var response = await dashboard.Otlp.SendAsync(Post("/v1/logs", Protobuf(request)), Cancel);
            response.EnsureSuccessStatusCode();
        }

        var logs = await dashboard.GetAsync<LogsResponse>("/api/telemetry/logs");
        Assert.Equal(["l6", "l5", "l4", "l3"], logs.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task Attributes_over_the_limits_are_dropped_or_cut_and_reported_as_a_warning()
    {
        await using var dashboard = await DashboardServer.StartAsync(SmallLimits);
        var span = Span("busy");
        span.Attributes.Add([Text("a", "0123456789abcdefXYZ"), Text("b", "kept"), Text("c", "dropped"), Text("d", "dropped")]);
        span.Events.Add([new OpenTelemetry.Proto.Trace.V1.Span.Types.Event { Name = "first" }, new OpenTelemetry.Proto.Trace.V1.Span.Types.Event { Name = "second" }]);
        using var response = await dashboard.Otlp.SendAsync(Post("/v1/traces", Protobuf(Traces("calls", span))), Cancel);

        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(0, answer.PartialSuccess.RejectedSpans); // accepted, with a warning, as the specification allows
        Assert.Contains("2 attributes dropped over the limit of 2", answer.PartialSuccess.ErrorMessage);
        Assert.Contains("1 attribute values cut to 16 characters", answer.PartialSuccess.ErrorMessage);

        var stored = Assert.Single((await dashboard.GetAsync<TraceDetail>($"/api/telemetry/traces/{Convert.ToHexStringLower(span.TraceId.Span)}")).Spans);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "0123456789abcdef", ["b"] = "kept" }, stored.Attributes);
        Assert.Equal(["first"], stored.Events.Select(e => e.Name));
    }

    [Fact]
    public async Task An_instrument_keeps_its_newest_points_over_all_its_series()
    {
        await using var dashboard = await DashboardServer.StartAsync(SmallLimits);
        for (var value = 1; value <= 8; value++)
        {
            var point = new NumberDataPoint { AsInt = value, TimeUnixNano = (ulong)(1_700_000_000L + value) * 1_000_000_000 };
            var request = new ExportMetricsServiceRequest
            {
                ResourceMetrics = { new ResourceMetrics { Resource = Service("calls"), ScopeMetrics = { new ScopeMetrics { Metrics = { new Metric { Name = "queue", Gauge = new Gauge { DataPoints = { point } } } } } } } },
            };
            using var response = await dashboard.Otlp.SendAsync(Post("/v1/metrics", Protobuf(request)), Cancel);
            response.EnsureSuccessStatusCode();
        }

        var chart = await dashboard.GetAsync<MetricChartResponse>("/api/telemetry/metrics/chart?resource=calls&instrument=queue");
        Assert.Equal([4.0, 5, 6, 7, 8], chart.Lines.Single().Points.Select(p => p.Value));
    }
}
