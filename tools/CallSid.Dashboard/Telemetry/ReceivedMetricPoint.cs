namespace CallSid.Dashboard.Telemetry;

/// <summary>A data point on its way into the store, with everything needed to file it.</summary>
public sealed record ReceivedMetricPoint(
    TelemetryResource Resource, string Scope, string Name, string Description, string Unit, InstrumentType Type, bool IsCumulative,
    string SeriesKey, KeyValuePair<string, string>[] Attributes, MetricPoint Point);
