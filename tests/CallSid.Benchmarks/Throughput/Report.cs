using System.Globalization;

namespace CallSid.Benchmarks.Throughput;

/// <summary>The tables: each figure the median over rounds with its range, ratios taken within a round.</summary>
public static class Report
{
    public static string MedianRange(IReadOnlyList<double> values, string format)
    {
        if (values.Count == 0 || values.All(double.IsNaN))
        {
            return "-";
        }

        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return sorted.Length == 1
            ? median.ToString(format, CultureInfo.InvariantCulture)
            : $"{median.ToString(format, CultureInfo.InvariantCulture)} [{sorted[0].ToString(format, CultureInfo.InvariantCulture)}-{sorted[^1].ToString(format, CultureInfo.InvariantCulture)}]";
    }

    /// <summary>One load's table: rate and its ratios to <paramref name="baselines"/> (same round), latency, CPU per 1,000 turns.</summary>
    public static void Table(TextWriter output, string title, IReadOnlyList<Segment> segments, string load, string[] paths, string[] baselines, string[] processes)
    {
        var mine = segments.Where(s => s.Load == load).ToList();
        if (mine.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(title);
        var header = $"| path | turns/s | {string.Join(" | ", baselines.Select(b => "/ " + b))} | p50 ms | p95 ms | p99 ms | {string.Join(" | ", processes.Select(p => p + " CPU ms/1000"))} | generator CPU ms/1000 | machine busy |";
        output.WriteLine(header);
        output.WriteLine(string.Concat(header.Where(c => c == '|').Skip(1).Select(_ => "|---")) + "|");
        foreach (var path in paths)
        {
            var runs = mine.Where(s => s.Path == path).ToList();
            if (runs.Count == 0)
            {
                continue;
            }

            var ratios = baselines.Select(baseline => MedianRange(
                runs.Select(run => mine.FirstOrDefault(s => s.Path == baseline && s.Round == run.Round) is { } b ? run.Result.PerSecond / b.Result.PerSecond : double.NaN).ToList(), "P0"));
            output.WriteLine(
                $"| {path} | {MedianRange(runs.Select(r => r.Result.PerSecond).ToList(), "0")} | {string.Join(" | ", ratios)} | " +
                $"{MedianRange(runs.Select(r => r.Result.P50).ToList(), "0.0")} | {MedianRange(runs.Select(r => r.Result.P95).ToList(), "0.0")} | {MedianRange(runs.Select(r => r.Result.P99).ToList(), "0.0")} | " +
                $"{string.Join(" | ", processes.Select(p => MedianRange(runs.Select(r => r.CpuPerThousand(p)).ToList(), "0")))} | " +
                $"{MedianRange(runs.Select(r => r.GeneratorPerThousand).ToList(), "0")} | {MedianRange(runs.Select(r => r.MachineBusy).ToList(), "P0")} |");
        }
    }

    public static void Memory(TextWriter output, IReadOnlyList<(int Round, Dictionary<string, double> ResidentMiB)> rounds)
    {
        if (rounds.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Working set (VmRSS, MiB) after each round; postgres: proportional set size (Pss) summed over its processes, shared buffers counted once");
        var processes = rounds[0].ResidentMiB.Keys.ToArray();
        output.WriteLine($"| round | {string.Join(" | ", processes)} |");
        output.WriteLine(string.Concat(Enumerable.Repeat("|---", processes.Length + 1)) + "|");
        foreach (var (round, resident) in rounds)
        {
            output.WriteLine($"| {round} | {string.Join(" | ", processes.Select(p => resident.GetValueOrDefault(p).ToString("0", CultureInfo.InvariantCulture)))} |");
        }
    }
}
