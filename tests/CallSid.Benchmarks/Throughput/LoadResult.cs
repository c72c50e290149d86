namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// What one load segment achieved: answered requests (2xx) per second over its duration, refusals and transport
/// errors, latency percentiles in milliseconds, and the CPU seconds the load generator itself used.
/// </summary>
public sealed record LoadResult(long Requests, long Failures, TimeSpan Duration, double P50, double P95, double P99, double GeneratorCpuSeconds)
{
    public double PerSecond => (Requests - Failures) / Duration.TotalSeconds;

    /// <summary>Percentile <paramref name="p"/> (0..1) of <paramref name="millis"/>, nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> millis, double p)
    {
        if (millis.Count == 0)
        {
            return double.NaN;
        }

        var sorted = millis.Order().ToArray();
        return sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static LoadResult FromLatencies(IReadOnlyList<double> millis, long failures, TimeSpan duration, double generatorCpuSeconds) =>
        new(millis.Count + failures, failures, duration, Percentile(millis, 0.50), Percentile(millis, 0.95), Percentile(millis, 0.99), generatorCpuSeconds);
}
