using CallSid.Dashboard.Analysis;
using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Tests.Analysis;

public sealed class CounterRatesTests
{
    private const long Second = 1_000_000_000;
    private const long Start = 1_700_000_000 * Second;

    [Fact]
    public void Cumulative_points_become_the_difference_per_second_between_consecutive_points()
    {
        NumberPoint[] points = [new(Start, Start + 10 * Second, 20), new(Start, Start + 20 * Second, 50), new(Start, Start + 25 * Second, 50)];
        var rates = CounterRates.Rates(points, cumulative: true);
        // First point: 20 since its start 10 s earlier; then 30 in 10 s; then nothing in 5 s.
        Assert.Equal([2.0, 3.0, 0.0], rates.Select(r => r.PerSecond));
        Assert.Equal(Start + 25 * Second, rates[^1].TimeUnixNano);
    }

    [Fact]
    public void A_restarted_process_counts_from_its_new_start_rather_than_going_negative()
    {
        var restart = Start + 100 * Second;
        NumberPoint[] points = [new(Start, Start + 10 * Second, 500), new(restart, restart + 4 * Second, 8)];
        var rates = CounterRates.Rates(points, cumulative: true);
        Assert.Equal([50.0, 2.0], rates.Select(r => r.PerSecond));
    }

    [Fact]
    public void Delta_points_are_increases_over_their_own_interval()
    {
        NumberPoint[] points = [new(Start, Start + 2 * Second, 10), new(Start + 2 * Second, Start + 4 * Second, 4)];
        Assert.Equal([5.0, 2.0], CounterRates.Rates(points, cumulative: false).Select(r => r.PerSecond));
    }

    [Fact]
    public void Cumulative_histograms_become_per_interval_bucket_counts()
    {
        double[] bounds = [1, 2];
        HistogramPoint[] points =
        [
            new(Start, Start + Second, 3, null, [1, 2, 0], bounds, null, null),
            new(Start, Start + 2 * Second, 7, null, [1, 5, 1], bounds, null, null),
        ];
        var deltas = CounterRates.Deltas(points, cumulative: true);
        Assert.Equal([1UL, 2, 0], deltas[0].BucketCounts);
        Assert.Equal([0UL, 3, 1], deltas[1].BucketCounts);
        Assert.Equal(4UL, deltas[1].Count);
    }
}
