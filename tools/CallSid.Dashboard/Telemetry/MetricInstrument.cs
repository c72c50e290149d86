namespace CallSid.Dashboard.Telemetry;

/// <summary>
/// One instrument of one resource with its series. At most <c>MaxMetricsCount</c> points are kept over all of its
/// series; the oldest point (whichever series it is in) is dropped first.
/// </summary>
public sealed class MetricInstrument(TelemetryResource resource, string scope, string name)
{
    private readonly Dictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    private readonly Queue<MetricSeries> _arrivalOrder = new();

    public TelemetryResource Resource { get; } = resource;

    public string Scope { get; } = scope;

    public string Name { get; } = name;

    public string Description { get; internal set; } = string.Empty;

    public string Unit { get; internal set; } = string.Empty;

    public InstrumentType Type { get; internal set; }

    /// <summary>Cumulative points count from their start time; delta points only since the previous point.</summary>
    public bool IsCumulative { get; internal set; }

    public int SeriesCount => _series.Count;

    /// <summary>Called under the store's lock.</summary>
    internal void Add(string seriesKey, KeyValuePair<string, string>[] attributes, MetricPoint point, int maxPoints)
    {
        if (!_series.TryGetValue(seriesKey, out var series))
        {
            series = new MetricSeries(seriesKey, attributes);
            _series.Add(seriesKey, series);
        }

        series.Points.Enqueue(point);
        _arrivalOrder.Enqueue(series);
        while (_arrivalOrder.Count > maxPoints)
        {
            // Points of one series arrive in order, so the oldest overall is the front of its series.
            var oldest = _arrivalOrder.Dequeue();
            oldest.Points.Dequeue();
            if (oldest.Points.Count == 0)
            {
                _series.Remove(oldest.Key);
            }
        }
    }

    /// <summary>Called under the store's lock.</summary>
    internal MetricSeriesSnapshot[] SnapshotSeries() =>
        _series.Values.Select(s => new MetricSeriesSnapshot(s.Attributes, s.Points.ToArray())).ToArray();

    internal int PointCount => _arrivalOrder.Count;
}
