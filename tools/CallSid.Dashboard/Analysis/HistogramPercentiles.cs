namespace CallSid.Dashboard.Analysis;

/// <summary>
/// A percentile from explicit-bucket counts, as Prometheus' histogram_quantile does: find the bucket holding the
/// rank, then interpolate linearly inside it. Bucket i holds (bounds[i-1], bounds[i]]; the last one is unbounded,
/// so a rank there answers its lower bound (or the recorded max when known): the buckets cannot say more.
/// </summary>
public static class HistogramPercentiles
{
    /// <param name="percentile">0 to 100.</param>
    /// <returns>Null when the buckets hold no values.</returns>
    public static double? Compute(IReadOnlyList<ulong> bucketCounts, IReadOnlyList<double> bounds, double percentile, double? min = null, double? max = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (bucketCounts.Count != bounds.Count + 1)
        {
            throw new ArgumentException("There must be one more bucket count than bounds.", nameof(bucketCounts));
        }

        ulong total = 0;
        foreach (var count in bucketCounts)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = percentile / 100 * total;
        ulong below = 0;
        for (var i = 0; i < bucketCounts.Count; i++)
        {
            var count = bucketCounts[i];
            if (count == 0 || below + count < rank)
            {
                below += count;
                continue;
            }

            if (i == bounds.Count)
            {
                // The overflow bucket: no upper bound to interpolate to.
                return bounds.Count == 0 ? max ?? min : max is { } m && m > bounds[^1] ? m : bounds[^1];
            }

            var upper = bounds[i];
            // The first bucket reaches down to -inf; durations and sizes start at 0, or at the recorded min.
            var lower = i > 0 ? bounds[i - 1] : min is { } low && low <= upper ? low : Math.Min(0, upper);
            var fraction = (rank - below) / count;
            var value = lower + (upper - lower) * fraction;
            return max is { } cap && value > cap ? cap : value;
        }

        return bounds.Count > 0 ? bounds[^1] : max;
    }
}
