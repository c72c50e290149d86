namespace CallSid.Dashboard.Telemetry;

/// <summary>What an instrument's points mean, which decides how the chart reads them.</summary>
public enum InstrumentType
{
    /// <summary>A monotonic sum: charted as a rate per second.</summary>
    Counter,

    /// <summary>A non-monotonic sum: charted as its value.</summary>
    UpDownCounter,

    Gauge,

    /// <summary>Explicit buckets: charted as p50/p95/p99.</summary>
    Histogram,
}
