namespace CallSid.Dashboard.Telemetry;

/// <summary>A copy of one series, safe to read without the store's lock.</summary>
public sealed record MetricSeriesSnapshot(KeyValuePair<string, string>[] Attributes, MetricPoint[] Points);
