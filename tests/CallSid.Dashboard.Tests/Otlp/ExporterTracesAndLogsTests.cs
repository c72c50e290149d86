using System.Diagnostics;
using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CallSid.Dashboard.Tests.Otlp;

/// <summary>Traces and logs as the real .NET OTLP exporter sends them, read back through the JSON API.</summary>
public sealed class ExporterTracesAndLogsTests
{
    private const string CallSid = "EL_333_2024-11-21T10:00:00Z";

    [Fact]
    public async Task A_trace_across_two_services_comes_back_nested_with_both_resources()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        using var edge = new ExportingService(dashboard.OtlpUri, "edge", "edge-0");
        using var transcripts = new ExportingService(dashboard.OtlpUri, "transcripts", "transcripts-0");

        string traceId;
        using (var root = edge.Source.StartActivity("POST /webhooks/elevenlabs/transcription", ActivityKind.Server))
        {
            traceId = root!.TraceId.ToHexString();
            root.SetTag("callsid.call_sid", CallSid);
            using (var handler = transcripts.Source.StartActivity("POST /webhooks/elevenlabs/transcription", ActivityKind.Server))
            {
                handler!.SetTag("callsid.call_sid", CallSid);
                handler.SetTag("http.response.status_code", 201);
                using var lookup = transcripts.Source.StartActivity("GET /calls/{callSid}", ActivityKind.Client);
                lookup!.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["attempt"] = 2 }));
                lookup.SetStatus(ActivityStatusCode.Error, "calls unavailable");
            }
        }

        edge.Flush();
        transcripts.Flush();

        var list = await Eventually.GetAsync(
            () => dashboard.GetAsync<TracesResponse>($"/api/telemetry/traces?callSid={Uri.EscapeDataString(CallSid)}"),
            found => found.Traces.Count == 1 && found.Traces[0].SpanCount == 3, "the trace with all three spans");
        var summary = list.Traces[0];
        Assert.Equal(traceId, summary.TraceId);
        Assert.Equal("edge: POST /webhooks/elevenlabs/transcription", summary.Name);
        Assert.Equal(["edge", "transcripts"], summary.Resources);
        Assert.True(summary.HasError);
        Assert.Equal([CallSid], summary.CallSids);

        var trace = await dashboard.GetAsync<TraceDetail>($"/api/telemetry/traces/{traceId}");
        Assert.Equal([0, 1, 2], trace.Spans.Select(s => s.Depth));
        Assert.Equal(["edge", "transcripts", "transcripts"], trace.Spans.Select(s => s.Resource));
        Assert.Equal(trace.Spans[0].SpanId, trace.Spans[1].ParentSpanId);
        Assert.Equal(trace.Spans[1].SpanId, trace.Spans[2].ParentSpanId);
        Assert.Equal("server", trace.Spans[0].Kind);
        Assert.Equal("client", trace.Spans[2].Kind);
        Assert.Equal("error", trace.Spans[2].Status);
        Assert.Equal("calls unavailable", trace.Spans[2].StatusMessage);
        Assert.Equal("2", Assert.Single(trace.Spans[2].Events).Attributes["attempt"]);
        Assert.Equal("201", trace.Spans[1].Attributes["http.response.status_code"]);
        Assert.All(trace.Spans, span => Assert.InRange(span.OffsetMs + span.DurationMs, 0, trace.DurationMs + 0.001));

        Assert.Equal(1, (await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces?resource=edge")).Total);
        Assert.Equal(1, (await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces?resource=transcripts-0")).Total);
        Assert.Equal(0, (await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces?resource=calls")).Total);
        Assert.Equal(1, (await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces?text=GET%20/calls")).Total);
        Assert.Equal(0, (await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces?callSid=EL_1_other")).Total);
    }

    [Fact]
    public async Task Logs_keep_level_category_message_properties_scope_exception_and_trace()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        using var calls = new ExportingService(dashboard.OtlpUri, "calls", "calls-0");
        var logger = calls.Logger("CallSid.Calls.Services.CallPlacement");

        string traceId;
        using (var activity = calls.Source.StartActivity("place call"))
        {
            traceId = activity!.TraceId.ToHexString();
            using (logger.BeginScope(new Dictionary<string, object> { ["callsid.call_sid"] = CallSid }))
            {
                logger.LogInformation("Placing call for driver {DriverId}", 333);
                logger.LogWarning(new InvalidOperationException("ElevenLabs said no"), "ElevenLabs refused call {CallSid}", CallSid);
            }
        }

        logger.LogDebug("Idle");

        var all = await Eventually.GetAsync(
            () => dashboard.GetAsync<LogsResponse>("/api/telemetry/logs"), found => found.Total == 3, "three logs");
        Assert.Equal(["Idle", $"ElevenLabs refused call {CallSid}", "Placing call for driver 333"], all.Logs.Select(l => l.Message));

        var warning = all.Logs[1];
        Assert.Equal("Warning", warning.Level);
        Assert.Equal("calls", warning.Resource);
        Assert.Equal("CallSid.Calls.Services.CallPlacement", warning.Category);
        Assert.Equal(traceId, warning.TraceId);
        Assert.Equal(CallSid, warning.CallSid);
        Assert.Equal("InvalidOperationException", warning.Exception?.Type); // the .NET exporter sends the short name
        Assert.Equal("ElevenLabs said no", warning.Exception?.Message);
        Assert.Equal("333", all.Logs[2].Attributes["DriverId"]);

        var warningsAndUp = await dashboard.GetAsync<LogsResponse>("/api/telemetry/logs?minLevel=Warning");
        Assert.Equal([warning.Sequence], warningsAndUp.Logs.Select(l => l.Sequence));
        var forTheCall = await dashboard.GetAsync<LogsResponse>($"/api/telemetry/logs?callSid={Uri.EscapeDataString(CallSid)}");
        Assert.Equal(2, forTheCall.Total);
        var forTheTrace = await dashboard.GetAsync<LogsResponse>($"/api/telemetry/logs?traceId={traceId}");
        Assert.Equal(2, forTheTrace.Total);
        Assert.Equal(1, (await dashboard.GetAsync<LogsResponse>("/api/telemetry/logs?text=driver")).Total);
        Assert.Equal(3, (await dashboard.GetAsync<LogsResponse>("/api/telemetry/logs?resource=calls")).Total);
        Assert.Equal(0, (await dashboard.GetAsync<LogsResponse>("/api/telemetry/logs?resource=edge")).Total);
        Assert.Single((await dashboard.GetAsync<LogsResponse>("/api/telemetry/logs?limit=1")).Logs);
    }

    [Fact]
    public async Task Replicas_of_one_service_are_separate_resources()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        using var first = new ExportingService(dashboard.OtlpUri, "transcripts", "9f2c41d0-aaaa");
        using var second = new ExportingService(dashboard.OtlpUri, "transcripts", "51be07c2-bbbb");
        first.Logger("test").LogInformation("from the first");
        second.Logger("test").LogInformation("from the second");

        var resources = await Eventually.GetAsync(
            () => dashboard.GetAsync<List<TelemetryResourceItem>>("/api/telemetry/resources"), found => found.Count == 2, "two replicas");
        Assert.Equal(["transcripts-51be07", "transcripts-9f2c41"], resources.Select(r => r.Name));

        await Eventually.GetAsync(() => dashboard.GetAsync<LogsResponse>("/api/telemetry/logs"), found => found.Total == 2, "both logs");
        var one = await dashboard.GetAsync<LogsResponse>("/api/telemetry/logs?resource=transcripts-9f2c41");
        Assert.Equal("from the first", Assert.Single(one.Logs).Message);
        Assert.Equal(2, (await dashboard.GetAsync<LogsResponse>("/api/telemetry/logs?resource=transcripts")).Total);
    }
}
