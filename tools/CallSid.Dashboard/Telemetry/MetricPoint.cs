namespace CallSid.Dashboard.Telemetry;

/// <summary>One data point as received: cumulative or delta, as its instrument's temporality says.</summary>
public abstract record MetricPoint(long StartUnixNano, long TimeUnixNano);
