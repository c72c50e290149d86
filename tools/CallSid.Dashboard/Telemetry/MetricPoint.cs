namespace CallSid.Dashboard.Telemetry;

/// <summary>One data point as received: cumulative or delta, as its instrument's temporality says.</summary>
public abstract record MetricPoint(long StartUnixNano, long TimeUnixNano);

/// <summary>A gauge or sum point.</summary>
public sealed record NumberPoint(long StartUnixNano, long TimeUnixNano, double Value) : MetricPoint(StartUnixNano, TimeUnixNano);

/// <summary>An explicit-bucket histogram point: <c>BucketCounts</c> has one more entry than <c>Bounds</c>.</summary>
public sealed record HistogramPoint(
    long StartUnixNano, long TimeUnixNano, ulong Count, double? Sum, ulong[] BucketCounts, double[] Bounds, double? Min, double? Max)
    : MetricPoint(StartUnixNano, TimeUnixNano);
