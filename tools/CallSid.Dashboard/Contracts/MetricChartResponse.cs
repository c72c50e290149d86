namespace CallSid.Dashboard.Contracts;

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
