namespace CallSid.Dashboard.Contracts;

/// <summary>GET /api/telemetry/metrics/instruments.</summary>
public sealed record InstrumentsResponse(string? Resource, IReadOnlyList<InstrumentItem> Instruments);

/// <summary><c>type</c>: counter, updown_counter, gauge or histogram; <c>temporality</c>: cumulative or delta.</summary>
public sealed record InstrumentItem(
    string Name, string Scope, string Description, string Unit, string Type, string Temporality, IReadOnlyList<string> Resources, int SeriesCount, int PointCount);

/// <summary>
/// GET /api/telemetry/metrics/chart: what the chart draws. <c>display</c> is rate_per_second (counters),
/// value (gauges, up-down counters) or percentiles (histograms: p50, p95, p99 per resource).
/// </summary>
public sealed record MetricChartResponse(
    string Resource,
    string Name,
    string Description,
    string Unit,
    string Type,
    string Display,
    IReadOnlyDictionary<string, IReadOnlyList<string>> AttributeValues,
    string? Filter,
    IReadOnlyList<ChartLine> Lines);

public sealed record ChartLine(string Label, IReadOnlyList<ChartPoint> Points);

public sealed record ChartPoint(DateTimeOffset Time, double Value);

/// <summary>GET /api/webhooks/deliveries: per-minute counts, oldest minute first, for each webhook and outcome.</summary>
public sealed record WebhookPanelResponse(IReadOnlyList<DateTimeOffset> Minutes, IReadOnlyList<string> Outcomes, IReadOnlyList<WebhookSeriesItem> Webhooks);

public sealed record WebhookSeriesItem(string Webhook, IReadOnlyDictionary<string, IReadOnlyList<double>> Counts, double Total);
