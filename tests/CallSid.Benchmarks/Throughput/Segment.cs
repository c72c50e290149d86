namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// One measured stretch of load on one path: what the load achieved, the CPU every process used meanwhile (from
/// /proc, including "machine", all cores' busy time, and "idle"), and the load average when it ended.
/// </summary>
public sealed record Segment(int Round, string Path, string Load, LoadResult Result, Dictionary<string, double> Cpu, string LoadAverage)
{
    public static readonly string[] Processes = ["edge", "transcripts", "calls", "postgres", "apphost", "dashboard"];

    public double Answered => Result.Requests - Result.Failures;

    /// <summary>CPU milliseconds <paramref name="process"/> spent per 1,000 answered turns.</summary>
    public double CpuPerThousand(string process) => Answered == 0 ? double.NaN : Cpu.GetValueOrDefault(process) * 1_000_000 / Answered;

    public double GeneratorPerThousand => Answered == 0 ? double.NaN : Result.GeneratorCpuSeconds * 1_000_000 / Answered;

    /// <summary>Busy CPU not accounted to the system or the generator: the other engineers' builds and tests.</summary>
    public double OthersPerThousand =>
        Answered == 0 ? double.NaN : (Cpu["machine"] - Processes.Sum(p => Cpu.GetValueOrDefault(p)) - Cpu.GetValueOrDefault("elevenlabs") - Result.GeneratorCpuSeconds) * 1_000_000 / Answered;

    /// <summary>Share of both cores that was busy, everything included.</summary>
    public double MachineBusy => Cpu["machine"] / (Cpu["machine"] + Cpu["idle"]);

    public string Describe() =>
        $"round {Round}  {Path,-8} {Load,-11} {Result.PerSecond,7:0}/s  failed {Result.Failures,3}  p50 {Result.P50,6:0.0}  p95 {Result.P95,6:0.0}  p99 {Result.P99,6:0.0} ms  " +
        $"CPU ms/1000: edge {CpuPerThousand("edge"),4:0} transcripts {CpuPerThousand("transcripts"),4:0} calls {CpuPerThousand("calls"),4:0} postgres {CpuPerThousand("postgres"),4:0} " +
        $"generator {GeneratorPerThousand,4:0} others {OthersPerThousand,4:0}  busy {MachineBusy,4:P0}  load {LoadAverage}";
}
