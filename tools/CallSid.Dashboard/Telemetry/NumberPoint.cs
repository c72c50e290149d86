namespace CallSid.Dashboard.Telemetry;

/// <summary>A gauge or sum point.</summary>
public sealed record NumberPoint(long StartUnixNano, long TimeUnixNano, double Value) : MetricPoint(StartUnixNano, TimeUnixNano);
