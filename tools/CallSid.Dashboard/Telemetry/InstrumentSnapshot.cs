namespace CallSid.Dashboard.Telemetry;

/// <summary>A copy of one instrument (and, when asked, its series) for readers.</summary>
public sealed record InstrumentSnapshot(
    TelemetryResource Resource, string Scope, string Name, string Description, string Unit, InstrumentType Type, bool IsCumulative,
    int SeriesCount, int PointCount, MetricSeriesSnapshot[] Series);
