using CallSid.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Telemetry;

/// <summary>Instruments per resource, with their series; bounded per instrument by <c>MaxMetricsCount</c>.</summary>
public sealed class MetricStore(IOptions<DashboardOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(TelemetryResource Resource, string Name), MetricInstrument> _instruments = [];
    private readonly int _maxPoints = options.Value.TelemetryLimits.MaxMetricsCount;
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Add(IReadOnlyList<ReceivedMetricPoint> points)
    {
        if (points.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var received in points)
            {
                var key = (received.Resource, received.Name);
                if (!_instruments.TryGetValue(key, out var instrument))
                {
                    instrument = new MetricInstrument(received.Resource, received.Scope, received.Name);
                    _instruments.Add(key, instrument);
                }

                instrument.Description = received.Description;
                instrument.Unit = received.Unit;
                instrument.Type = received.Type;
                instrument.IsCumulative = received.IsCumulative;
                instrument.Add(received.SeriesKey, received.Attributes, received.Point, _maxPoints);
            }

            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>The instruments of the given resources (all resources when null).</summary>
    public IReadOnlyList<InstrumentSnapshot> Instruments(Func<TelemetryResource, bool> resource, string? name = null, bool withSeries = false)
    {
        lock (_lock)
        {
            return _instruments.Values
                .Where(i => resource(i.Resource) && (name is null || i.Name == name))
                .Select(i => new InstrumentSnapshot(
                    i.Resource, i.Scope, i.Name, i.Description, i.Unit, i.Type, i.IsCumulative, i.SeriesCount, i.PointCount,
                    withSeries ? i.SnapshotSeries() : []))
                .ToList();
        }
    }
}
