using System.ComponentModel.DataAnnotations;

namespace CallSid.Dashboard.Configuration;

/// <summary><c>Dashboard:TelemetryLimits</c>: how much telemetry is kept in memory; the oldest goes first.</summary>
public sealed class TelemetryLimitsOptions
{
    [Range(1, 1_000_000)]
    public int MaxLogCount { get; set; } = 10_000;

    [Range(1, 1_000_000)]
    public int MaxTraceCount { get; set; } = 10_000;

    /// <summary>
    /// Data points kept per instrument per resource, over all its attribute sets. At the .NET exporter's default
    /// 60 s interval that is about a week for one series, or hours for an instrument with dozens of series.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxMetricsCount { get; set; } = 10_000;

    /// <summary>Attributes kept per span, event, log or data point; further ones are dropped (and reported).</summary>
    [Range(1, 10_000)]
    public int MaxAttributeCount { get; set; } = 128;

    /// <summary>Longest attribute value kept; longer values are cut.</summary>
    [Range(16, 1_000_000)]
    public int MaxAttributeLength { get; set; } = 4096;

    [Range(0, 100_000)]
    public int MaxSpanEventCount { get; set; } = 1_000;
}
