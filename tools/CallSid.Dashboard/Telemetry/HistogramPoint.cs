namespace CallSid.Dashboard.Telemetry;

/// <summary>An explicit-bucket histogram point: <c>BucketCounts</c> has one more entry than <c>Bounds</c>.</summary>
public sealed record HistogramPoint(
    long StartUnixNano, long TimeUnixNano, ulong Count, double? Sum, ulong[] BucketCounts, double[] Bounds, double? Min, double? Max)
    : MetricPoint(StartUnixNano, TimeUnixNano);
