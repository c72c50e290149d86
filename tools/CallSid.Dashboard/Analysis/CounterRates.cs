using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Analysis;

/// <summary>
/// Per-interval increases from sum and histogram points. Cumulative points (the .NET exporter's default) are
/// differences between consecutive points; the first point, a new start time or a smaller value (the process
/// restarted) count from the point's own start time. Delta points are increases already.
/// </summary>
public static class CounterRates
{
    /// <summary>Increase per second over each interval, at the interval's end.</summary>
    public static IReadOnlyList<(long TimeUnixNano, double PerSecond)> Rates(IReadOnlyList<NumberPoint> points, bool cumulative)
    {
        var rates = new List<(long, double)>(points.Count);
        NumberPoint? previous = null;
        foreach (var point in points.OrderBy(p => p.TimeUnixNano))
        {
            double increase;
            long fromUnixNano;
            if (!cumulative)
            {
                increase = point.Value;
                fromUnixNano = point.StartUnixNano > 0 ? point.StartUnixNano : previous?.TimeUnixNano ?? 0;
            }
            else if (previous is null || Restarted(previous, point))
            {
                increase = point.Value;
                fromUnixNano = point.StartUnixNano;
            }
            else
            {
                increase = point.Value - previous.Value;
                fromUnixNano = previous.TimeUnixNano;
            }

            previous = point;
            var seconds = (point.TimeUnixNano - fromUnixNano) / 1e9;
            if (fromUnixNano > 0 && seconds > 0)
            {
                rates.Add((point.TimeUnixNano, increase / seconds));
            }
        }

        return rates;
    }

    /// <summary>The bucket counts added in each interval (same rules as <see cref="Rates"/>), at the interval's end.</summary>
    public static IReadOnlyList<HistogramPoint> Deltas(IReadOnlyList<HistogramPoint> points, bool cumulative)
    {
        if (!cumulative)
        {
            return points.OrderBy(p => p.TimeUnixNano).ToList();
        }

        var deltas = new List<HistogramPoint>(points.Count);
        HistogramPoint? previous = null;
        foreach (var point in points.OrderBy(p => p.TimeUnixNano))
        {
            var comparable = previous is not null && previous.StartUnixNano == point.StartUnixNano && point.Count >= previous.Count
                && previous.BucketCounts.Length == point.BucketCounts.Length && previous.Bounds.AsSpan().SequenceEqual(point.Bounds);
            var counts = new ulong[point.BucketCounts.Length];
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = comparable ? point.BucketCounts[i] - Math.Min(point.BucketCounts[i], previous!.BucketCounts[i]) : point.BucketCounts[i];
            }

            // min and max cover the whole cumulative run, not this interval: leave them out.
            deltas.Add(new HistogramPoint(
                comparable ? previous!.TimeUnixNano : point.StartUnixNano, point.TimeUnixNano,
                comparable ? point.Count - previous!.Count : point.Count, null, counts, point.Bounds, null, null));
            previous = point;
        }

        return deltas;
    }

    private static bool Restarted(NumberPoint previous, NumberPoint point) =>
        point.StartUnixNano != previous.StartUnixNano || point.Value < previous.Value;
}
