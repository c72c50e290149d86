using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Tests.Infrastructure;

namespace CallSid.Dashboard.Tests.Otlp;

/// <summary>Metrics as the real .NET exporter sends them (cumulative temporality), read back as charts and the webhook panel.</summary>
public sealed class ExporterMetricsTests
{
    [Fact]
    public async Task Instruments_are_listed_and_a_histogram_is_charted_as_percentiles()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        // No periodic export during the test: the one flush below sends every value in one point.
        using var service = new ExportingService(dashboard.OtlpUri, "transcripts", "transcripts-0", metricIntervalMilliseconds: 600_000);
        var duration = service.Meter.CreateHistogram<double>("http.server.request.duration", "s", "Duration of HTTP server requests.");
        var requests = service.Meter.CreateCounter<long>("test.requests", "{request}");
        service.Meter.CreateObservableGauge("test.queue.length", () => 7);

        // 90 fast requests (in (0.01, 0.025]) and 10 slow ones (in (0.5, 0.75]).
        for (var i = 0; i < 90; i++)
        {
            duration.Record(0.02, new KeyValuePair<string, object?>("http.route", "/calls/{callSid}"));
        }

        for (var i = 0; i < 10; i++)
        {
            duration.Record(0.6, new KeyValuePair<string, object?>("http.route", "/calls/{callSid}"));
        }

        requests.Add(100);
        service.Flush();

        var instruments = await Eventually.GetAsync(
            () => dashboard.GetAsync<InstrumentsResponse>("/api/telemetry/metrics/instruments?resource=transcripts"),
            found => found.Instruments.Count == 3, "three instruments");
        var byName = instruments.Instruments.ToDictionary(i => i.Name);
        Assert.Equal(("histogram", "s", "cumulative"), (byName["http.server.request.duration"].Type, byName["http.server.request.duration"].Unit, byName["http.server.request.duration"].Temporality));
        Assert.Equal("Duration of HTTP server requests.", byName["http.server.request.duration"].Description);
        Assert.Equal("counter", byName["test.requests"].Type);
        Assert.Equal("gauge", byName["test.queue.length"].Type);

        var chart = await dashboard.GetAsync<MetricChartResponse>("/api/telemetry/metrics/chart?resource=transcripts&instrument=http.server.request.duration");
        Assert.Equal("percentiles", chart.Display);
        Assert.Equal(["p50", "p95", "p99"], chart.Lines.Select(l => l.Label));
        // All 100 values are in the first interval's delta, counted from the point's start time.
        var first = chart.Lines.ToDictionary(l => l.Label, l => l.Points[0].Value);
        Assert.InRange(first["p50"], 0.01, 0.025);
        Assert.InRange(first["p95"], 0.5, 0.75);
        Assert.InRange(first["p99"], 0.5, 0.75);
        Assert.Equal(["/calls/{callSid}"], chart.AttributeValues["http.route"]);

        var gauge = await dashboard.GetAsync<MetricChartResponse>("/api/telemetry/metrics/chart?resource=transcripts&instrument=test.queue.length");
        Assert.Equal("value", gauge.Display);
        Assert.All(gauge.Lines.Single().Points, p => Assert.Equal(7, p.Value));

        var rate = await dashboard.GetAsync<MetricChartResponse>("/api/telemetry/metrics/chart?resource=transcripts&instrument=test.requests");
        Assert.Equal("rate_per_second", rate.Display);
        Assert.True(rate.Lines.Single().Points.Count > 0 && rate.Lines.Single().Points[0].Value > 0);
    }

    [Fact]
    public async Task The_webhook_panel_counts_each_delivery_once_although_the_exporter_repeats_cumulative_totals()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        using var edge = new ExportingService(dashboard.OtlpUri, "edge", "edge-0");
        var deliveries = edge.Meter.CreateCounter<long>("callsid.webhook.deliveries", "{delivery}");
        KeyValuePair<string, object?>[] Tags(string webhook, int status) =>
            [new("callsid.webhook", webhook), new("http.response.status_code", status)];

        deliveries.Add(3, Tags("transcription", 201));
        deliveries.Add(2, Tags("post_call", 401));
        edge.Flush();
        await Eventually.GetAsync(() => dashboard.GetAsync<WebhookPanelResponse>("/api/webhooks/deliveries"),
            panel => Total(panel, "transcription", "201") == 3, "the first three deliveries");

        // The exporter keeps sending the running totals (3, then 7): the panel must show 7, not 3 + 7.
        deliveries.Add(4, Tags("transcription", 201));
        deliveries.Add(1, Tags("transcription", 503));
        deliveries.Add(1, Tags("transcription", 418));
        edge.Flush();
        var panel = await Eventually.GetAsync(() => dashboard.GetAsync<WebhookPanelResponse>("/api/webhooks/deliveries"),
            found => Total(found, "transcription", "503") == 1 && Total(found, "transcription", "201") == 7, "the later deliveries");

        // Several more exports of unchanged totals add nothing.
        edge.Flush();
        edge.Flush();
        panel = await dashboard.GetAsync<WebhookPanelResponse>("/api/webhooks/deliveries");
        Assert.Equal(30, panel.Minutes.Count);
        Assert.Equal(7, Total(panel, "transcription", "201"));
        Assert.Equal(1, Total(panel, "transcription", "other"));
        Assert.Equal(2, Total(panel, "post_call", "401"));
        Assert.Equal(0, Total(panel, "post_call", "201"));
        Assert.Equal(9, panel.Webhooks.Single(w => w.Webhook == "transcription").Total);
    }

    private static double Total(WebhookPanelResponse panel, string webhook, string outcome) =>
        panel.Webhooks.Single(w => w.Webhook == webhook).Counts[outcome].Sum();
}
