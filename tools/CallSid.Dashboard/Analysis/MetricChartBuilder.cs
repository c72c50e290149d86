using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Analysis;

/// <summary>
/// Turns an instrument's stored points into chart lines: counters as a rate per second (summed over the selected
/// series), gauges and up-down counters as values (a line per series), histograms as p50/p95/p99 of the values
/// recorded in each interval (bucket counts summed over the selected series). One set of lines per resource:
/// replicas export at their own moments, so their points do not line up.
/// </summary>
public static class MetricChartBuilder
{
    private const int MaxValueLines = 10;
    private const int MaxAttributeValues = 50;
    private static readonly double[] Percentiles = [50, 95, 99];

    public static MetricChartResponse Build(string resource, IReadOnlyList<InstrumentSnapshot> instruments, IReadOnlyDictionary<TelemetryResource, string> names, string? filter)
    {
        var first = instruments[0];
        var (filterKey, filterValue) = ParseFilter(filter);
        var lines = new List<ChartLine>();
        foreach (var instrument in instruments.OrderBy(i => names.GetValueOrDefault(i.Resource), StringComparer.Ordinal))
        {
            var prefix = instruments.Count > 1 ? names.GetValueOrDefault(instrument.Resource, instrument.Resource.ServiceName) + " " : string.Empty;
            var series = instrument.Series
                .Where(s => filterKey is null || s.Attributes.Any(a => a.Key == filterKey && a.Value == filterValue))
                .ToList();
            lines.AddRange(instrument.Type switch
            {
                InstrumentType.Counter => RateLines(prefix, series, instrument.IsCumulative),
                InstrumentType.Histogram => PercentileLines(prefix, series, instrument.IsCumulative),
                _ => ValueLines(prefix, series, instrument.Type == InstrumentType.UpDownCounter && !instrument.IsCumulative),
            });
        }

        var attributeValues = instruments
            .SelectMany(i => i.Series)
            .SelectMany(s => s.Attributes)
            .GroupBy(a => a.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<string>)g.Select(a => a.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxAttributeValues).ToList());

        var display = first.Type switch
        {
            InstrumentType.Counter => "rate_per_second",
            InstrumentType.Histogram => "percentiles",
            _ => "value",
        };
        return new MetricChartResponse(resource, first.Name, first.Description, first.Unit, TypeName(first.Type), display, attributeValues,
            filterKey is null ? null : $"{filterKey}={filterValue}", lines);
    }

    public static string TypeName(InstrumentType type) => type switch
    {
        InstrumentType.Counter => "counter",
        InstrumentType.UpDownCounter => "updown_counter",
        InstrumentType.Gauge => "gauge",
        _ => "histogram",
    };

    private static IEnumerable<ChartLine> RateLines(string prefix, List<MetricSeriesSnapshot> series, bool cumulative)
    {
        var sums = new SortedDictionary<long, double>();
        foreach (var one in series)
        {
            foreach (var (time, perSecond) in CounterRates.Rates(one.Points.OfType<NumberPoint>().ToList(), cumulative))
            {
                sums[time] = sums.GetValueOrDefault(time) + perSecond;
            }
        }

        yield return new ChartLine(prefix + "rate /s", sums.Select(s => new ChartPoint(ToTime(s.Key), s.Value)).ToList());
    }

    private static IEnumerable<ChartLine> ValueLines(string prefix, List<MetricSeriesSnapshot> series, bool accumulateDeltas)
    {
        foreach (var one in series.Take(MaxValueLines))
        {
            var running = 0.0;
            var points = one.Points.OfType<NumberPoint>()
                .OrderBy(p => p.TimeUnixNano)
                .Select(p => new ChartPoint(ToTime(p.TimeUnixNano), accumulateDeltas ? running += p.Value : p.Value))
                .ToList();
            var label = one.Attributes.Length == 0 ? "value" : string.Join(", ", one.Attributes.Select(a => $"{a.Key}={a.Value}"));
            yield return new ChartLine(prefix + label, points);
        }
    }

    private static IEnumerable<ChartLine> PercentileLines(string prefix, List<MetricSeriesSnapshot> series, bool cumulative)
    {
        // Sum each interval's bucket counts over the series (they share bounds when they share an instrument).
        var merged = new SortedDictionary<long, HistogramPoint>();
        foreach (var one in series)
        {
            foreach (var delta in CounterRates.Deltas(one.Points.OfType<HistogramPoint>().ToList(), cumulative))
            {
                if (!merged.TryGetValue(delta.TimeUnixNano, out var sum))
                {
                    merged[delta.TimeUnixNano] = delta with { BucketCounts = (ulong[])delta.BucketCounts.Clone() };
                }
                else if (sum.Bounds.AsSpan().SequenceEqual(delta.Bounds))
                {
                    for (var i = 0; i < sum.BucketCounts.Length; i++)
                    {
                        sum.BucketCounts[i] += delta.BucketCounts[i];
                    }
                }
            }
        }

        foreach (var percentile in Percentiles)
        {
            var points = merged.Values
                .Select(p => (p.TimeUnixNano, Value: p.BucketCounts.Length == p.Bounds.Length + 1 ? HistogramPercentiles.Compute(p.BucketCounts, p.Bounds, percentile) : null))
                .Where(p => p.Value is not null)
                .Select(p => new ChartPoint(ToTime(p.TimeUnixNano), p.Value!.Value))
                .ToList();
            yield return new ChartLine($"{prefix}p{percentile}", points);
        }
    }

    private static (string? Key, string? Value) ParseFilter(string? filter)
    {
        var separator = filter?.IndexOf('=') ?? -1;
        return separator > 0 ? (filter![..separator], filter[(separator + 1)..]) : (null, null);
    }

    private static DateTimeOffset ToTime(long unixNano) => DateTimeOffset.FromUnixTimeMilliseconds(unixNano / 1_000_000);
}
