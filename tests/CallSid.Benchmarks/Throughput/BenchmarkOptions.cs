using System.Globalization;

namespace CallSid.Benchmarks.Throughput;

/// <summary>Command-line settings of the throughput, export and profile modes (<c>--name value</c>).</summary>
public sealed record BenchmarkOptions
{
    /// <summary>Rounds of interleaved segments; figures are medians over rounds, with their range.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Length of each measured segment.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Saturating load on every path before the first round: JIT tiers, pools and caches settle. On 2 busy cores the
    /// JIT's background recompilation was still 34 % of Transcripts' CPU after 20 s, 5 % after 90 s (docs/performance.md).
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>wrk's connections (closed loop) and the paced generator's connection limit.</summary>
    public int Connections { get; init; } = 32;

    /// <summary>Calls whose turns a cached segment rotates over (each segment gets new ones).</summary>
    public int Calls { get; init; } = 50;

    /// <summary>Before each round, wait (up to <see cref="QuietWait"/>) until the 1-minute load average is at most this.</summary>
    public double QuietLoad { get; init; } = double.MaxValue;

    public TimeSpan QuietWait { get; init; } = TimeSpan.FromMinutes(10);

    public bool Paced { get; init; } = true;

    public bool FirstTurn { get; init; } = true;

    public bool Batch { get; init; } = true;

    /// <summary>Added to the AppHost's environment, and so to every service's (experiments: runtime knobs, log levels).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Variables of a second edge process ("edge variant") measured beside the AppHost's edge, on the same backends,
    /// in the same rounds (experiments with runtime settings); none: no variant.
    /// </summary>
    public IReadOnlyDictionary<string, string> VariantEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The variant's build of the edge (another checkout's CallSid.Edge.dll); none: the AppHost's.</summary>
    public string? VariantAssembly { get; init; }

    /// <summary>
    /// The AppHost's Aspire dashboard on, every service exporting its telemetry to it: CallSid as users run it (the
    /// default); <c>--no-dashboard</c> measures without it.
    /// </summary>
    public bool Dashboard { get; init; } = true;

    /// <summary>Profile mode: every service exports its telemetry to a dashboard the run starts.</summary>
    public bool Export { get; init; }

    /// <summary>Where this run's logs, scripts and profiles go (kept afterwards); its own directory unless told.</summary>
    public string Scratch { get; init; } = Path.Combine(Path.GetTempPath(), $"callsid-benchmark-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{System.Environment.ProcessId}");

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--rounds" => options with { Rounds = (int)Number() },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Number()) },
                "--warmup" => options with { WarmUp = TimeSpan.FromSeconds(Number()) },
                "--connections" => options with { Connections = (int)Number() },
                "--calls" => options with { Calls = (int)Number() },
                "--quiet-load" => options with { QuietLoad = Number() },
                "--quiet-wait" => options with { QuietWait = TimeSpan.FromSeconds(Number()) },
                "--no-paced" => options with { Paced = false },
                "--no-first-turn" => options with { FirstTurn = false },
                "--no-batch" => options with { Batch = false },
                "--export" => options with { Export = true },
                "--no-dashboard" => options with { Dashboard = false },
                "--scratch" => options with { Scratch = Value() },
                "--env" => options with { Environment = WithVariable(options.Environment, Value()) },
                "--variant-env" => options with { VariantEnvironment = WithVariable(options.VariantEnvironment, Value()) },
                "--variant-dll" => options with { VariantAssembly = Path.GetFullPath(Value()) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --rounds N --duration S --warmup S --connections N --calls N --quiet-load L --quiet-wait S --no-paced --no-first-turn --no-batch --no-dashboard --export --scratch DIR --env NAME=VALUE --variant-env NAME=VALUE --variant-dll PATH"),
            };
        }

        return options;
    }

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> variables, string assignment)
    {
        var parts = assignment.Split('=', 2);
        return parts.Length == 2
            ? new Dictionary<string, string>(variables) { [parts[0]] = parts[1] }
            : throw new ArgumentException($"--env and --variant-env take NAME=VALUE, not {assignment}");
    }

    /// <summary>Waits for a quiet machine, as far as <see cref="QuietLoad"/> asks; says what it found.</summary>
    public async Task WaitForQuietAsync(TextWriter output, CancellationToken cancellationToken)
    {
        if (QuietLoad == double.MaxValue)
        {
            return;
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (ProcessTable.LoadAverage1() > QuietLoad && waited.Elapsed < QuietWait)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        output.WriteLine($"  (waited {waited.Elapsed.TotalSeconds:0} s for load average <= {QuietLoad}: now {ProcessTable.LoadAverage()})");
    }
}
