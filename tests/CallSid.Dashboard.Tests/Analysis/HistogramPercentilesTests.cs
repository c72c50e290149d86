using CallSid.Dashboard.Analysis;

namespace CallSid.Dashboard.Tests.Analysis;

public sealed class HistogramPercentilesTests
{
    private static readonly double[] Bounds = [0.01, 0.025, 0.05, 0.1];

    [Fact]
    public void Interpolates_inside_the_bucket_that_holds_the_rank()
    {
        // 10 values in (0.01, 0.025], 10 in (0.025, 0.05]: the median is the top of the first of them.
        ulong[] counts = [0, 10, 10, 0, 0];
        Assert.Equal(0.025, HistogramPercentiles.Compute(counts, Bounds, 50)!.Value, 6);
        // p75 is half-way through (0.025, 0.05].
        Assert.Equal(0.0375, HistogramPercentiles.Compute(counts, Bounds, 75)!.Value, 6);
        Assert.Equal(0.01 + 0.015 * 0.5, HistogramPercentiles.Compute(counts, Bounds, 25)!.Value, 6);
    }

    [Fact]
    public void The_first_bucket_starts_at_zero_and_the_overflow_bucket_answers_its_lower_bound_or_the_max()
    {
        Assert.Equal(0.005, HistogramPercentiles.Compute([10, 0, 0, 0, 0], Bounds, 50)!.Value, 6);
        Assert.Equal(0.1, HistogramPercentiles.Compute([0, 0, 0, 0, 4], Bounds, 99));
        Assert.Equal(3.5, HistogramPercentiles.Compute([0, 0, 0, 0, 4], Bounds, 99, min: null, max: 3.5));
    }

    [Fact]
    public void Empty_buckets_have_no_percentile_and_bad_shapes_are_refused()
    {
        Assert.Null(HistogramPercentiles.Compute([0, 0, 0, 0, 0], Bounds, 50));
        Assert.Throws<ArgumentException>(() => HistogramPercentiles.Compute([1, 2], Bounds, 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => HistogramPercentiles.Compute([0, 0, 0, 0, 1], Bounds, 101));
    }

    [Fact]
    public void A_skewed_distribution_puts_p99_in_the_tail()
    {
        ulong[] counts = [0, 980, 0, 0, 20];
        Assert.InRange(HistogramPercentiles.Compute(counts, Bounds, 50)!.Value, 0.01, 0.025);
        Assert.Equal(0.1, HistogramPercentiles.Compute(counts, Bounds, 99));
    }
}
