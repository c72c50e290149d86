namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// Per-turn webhooks per second as a user runs CallSid (the Release AppHost, PostgreSQL with fsync on), on three paths
/// in the same run: through the edge, straight to Transcripts, and the database's ceiling (the same statements from
/// this process). Segments are interleaved (the order rotates each round) so the machine's other load falls on all
/// paths alike; each segment's CPU per process is read from /proc. Then the first turn of calls (Transcripts asks
/// Calls), a 1,000-driver batch, and every process's working set after each round.
/// </summary>
public sealed class ThroughputBenchmark(BenchmarkOptions options, TextWriter output)
{
    private string[] _paths = ["edge", "direct", "ceiling"];
    private readonly List<Segment> _segments = [];
    private readonly List<(int, Dictionary<string, double>)> _memory = [];
    private readonly List<(int Round, DialBatch.Result Result)> _batches = [];
    private SystemUnderTest? _system;
    private readonly Dictionary<string, CpuMeter> _meters = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"Throughput of the per-turn webhook, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {ProcessTable.LoadAverage()}");
        output.WriteLine($"{options.Rounds} rounds x {options.Duration.TotalSeconds:0} s per segment, {options.Connections} connections, {options.Calls} calls per cached segment; "
            + (options.Dashboard ? "the Aspire dashboard on, receiving every service's telemetry" : "no dashboard, no telemetry export") + "; the services' default log levels");
        await using var system = await SystemUnderTest.StartAsync(options.Environment, options.Scratch, cancellationToken, options.Dashboard);
        output.WriteLine($"AppHost ready (log: {system.LogFile}); processes: {string.Join(", ", system.Processes.Select(p => $"{p.Key} {p.Value}"))}");
        _system = system;
        _meters["default"] = new CpuMeter(system.Processes);
        var targets = new Dictionary<string, Uri> { ["edge"] = system.Edge, ["direct"] = system.Transcripts };
        await using var variant = options.VariantEnvironment.Count == 0 && options.VariantAssembly is null
            ? null
            : await EdgeVariant.StartAsync(system, options.VariantEnvironment, options.VariantAssembly, cancellationToken);
        if (variant is not null)
        {
            output.WriteLine($"Edge variant (pid {variant.Pid}) at {variant.Url}: {options.VariantAssembly ?? "the same build"}, with {string.Join(" ", options.VariantEnvironment.Select(v => $"{v.Key}={v.Value}"))}");
            targets["variant"] = variant.Url;
            _paths = ["edge", "variant", "direct", "ceiling"];
            _meters["variant"] = new CpuMeter(new Dictionary<string, int>(system.Processes) { ["edge"] = variant.Pid });
        }

        var wrk = new WrkLoad(options.Scratch, options.Connections);
        output.WriteLine($"Warm-up: first turns through the edge (Calls' lookup path), then {options.WarmUp.TotalSeconds:0} s of saturation on each HTTP path");
        // First, so that the JIT's background recompilation of what it ran is over before anything is measured.
        var firstTurns = await CallSeeder.PlaceAsync(system.ConnectionString, "warmfirst", 20_000, fresh: true, cancellationToken);
        await wrk.RunAsync(system.Edge, options.WarmUp / 4, firstTurns, cancellationToken);
        for (var half = 0; half < 2; half++)
        {
            foreach (var target in targets.Values)
            {
                var warm = await CallSeeder.PlaceAsync(system.ConnectionString, $"warm{half}{target.Port}", options.Calls, fresh: false, cancellationToken);
                await wrk.RunAsync(target, options.WarmUp / 2, warm, cancellationToken);
            }
        }

        // The ceiling gets the connections Transcripts' pool holds after saturation: the service's own count.
        var connections = Math.Max(1, ProcessTable.CountConnections(system.Processes["transcripts"], system.Ports["Postgres"]));
        output.WriteLine($"Transcripts holds {connections} connections to PostgreSQL under saturation; the ceiling uses as many");
        await using var ceiling = new DatabaseCeiling(system.ConnectionString, connections);
        // The ceiling's own statements warm up too: its generator is JIT-compiled like the services.
        await ceiling.SaturateAsync(await CallSeeder.PlaceAsync(system.ConnectionString, "warmdb", options.Calls, false, cancellationToken), options.WarmUp / 4, cancellationToken);
        var senders = targets.ToDictionary(t => t.Key, t => new WebhookSender(t.Value, options.Connections));

        for (var round = 1; round <= options.Rounds; round++)
        {
            await options.WaitForQuietAsync(output, cancellationToken);
            var order = Rotate(_paths, round);
            foreach (var path in order)
            {
                var calls = await CallSeeder.PlaceAsync(system.ConnectionString, $"s{round}{path}", options.Calls, false, cancellationToken);
                await MeasureAsync(round, path, "saturation", () => path == "ceiling"
                    ? ceiling.SaturateAsync(calls, options.Duration, cancellationToken)
                    : wrk.RunAsync(targets[path], options.Duration, calls, cancellationToken));
            }

            var directRate = _segments.Single(s => s.Round == round && s.Path == "direct" && s.Load == "saturation").Result.PerSecond;
            if (options.Paced)
            {
                var rate = Math.Round(directRate / 2);
                foreach (var path in order)
                {
                    var calls = await CallSeeder.PlaceAsync(system.ConnectionString, $"p{round}{path}", options.Calls, false, cancellationToken);
                    await MeasureAsync(round, path, "paced", () => path == "ceiling"
                        ? ceiling.PaceAsync(calls, rate, options.Duration, cancellationToken)
                        : LoadLoops.OpenAsync(rate, options.Duration, (n, token) => senders[path].SendAsync(calls, n, token), cancellationToken));
                }
            }

            if (options.FirstTurn)
            {
                // Enough calls that no wrk thread comes back to one it already used.
                var count = (int)Math.Ceiling(directRate * options.Duration.TotalSeconds * 1.5 / 2) * 2;
                var httpPaths = _paths.Where(targets.ContainsKey).ToArray();
                foreach (var path in Rotate(httpPaths, round))
                {
                    var calls = await CallSeeder.PlaceAsync(system.ConnectionString, $"f{round}{path}", count, fresh: true, cancellationToken);
                    await MeasureAsync(round, path, "first turn", () => wrk.RunAsync(targets[path], options.Duration, calls, cancellationToken));
                }
            }

            _memory.Add((round, system.Processes.ToDictionary(p => p.Key, p => p.Key == "postgres" ? ProcessTable.ProportionalMiB(p.Value) : ProcessTable.ResidentMiB(p.Value))));
            if (options.Batch)
            {
                var batch = await DialBatch.PlaceAsync(system, TimeSpan.FromMilliseconds(250), cancellationToken);
                _batches.Add((round, batch));
                output.WriteLine($"round {round}  batch of {DialBatch.Requests * DialBatch.DriversPerRequest} drivers ({DialBatch.Requests} requests of {DialBatch.DriversPerRequest} at once): " +
                    $"{batch.Wall.TotalSeconds:0.00} s, {batch.Placed} placed, {batch.Failed} failed, {batch.DialsPerSecond:0} dials/s, in flight: mean {batch.MeanInFlight:0.0}, peak {batch.PeakInFlight}  load {ProcessTable.LoadAverage()}");
            }

        }

        foreach (var sender in senders.Values)
        {
            sender.Dispose();
        }

        PrintTables();
    }

    /// <summary>Round r starts with the r-th path, so no path always runs first (or right after the same one).</summary>
    private static string[] Rotate(string[] paths, int round) =>
        paths.Skip((round - 1) % paths.Length).Concat(paths.Take((round - 1) % paths.Length)).ToArray();

    private async Task MeasureAsync(int round, string path, string load, Func<Task<LoadResult>> run)
    {
        var meter = _meters.GetValueOrDefault(path) ?? _meters["default"];
        var before = meter.Read();
        var result = await run();
        var after = meter.Read();
        _system!.EnsureRunning();
        var segment = new Segment(round, path, load, result, CpuMeter.Between(before, after), ProcessTable.LoadAverage());
        output.WriteLine(segment.Describe());
        _segments.Add(segment);
    }

    private void PrintTables()
    {
        string[] processes = ["edge", "transcripts", "calls", "postgres", "apphost"];
        Report.Table(output, $"Saturation: closed loop, wrk with {options.Connections} connections (the ceiling: {options.Connections} workers' worth of the service's pool), median [range] over rounds",
            _segments, "saturation", _paths, ["ceiling", "direct"], processes);
        Report.Table(output, "Paced: open loop at half of the same round's direct saturation rate, latency from when each request was due",
            _segments, "paced", _paths, ["ceiling", "direct"], processes);
        Report.Table(output, "First turn of a call: every request a new call_sid (Transcripts asks Calls), closed loop",
            _segments, "first turn", _paths, ["direct"], processes);
        if (_batches.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Batch of {DialBatch.Requests * DialBatch.DriversPerRequest} drivers, {DialBatch.Requests} requests at once, emulator answering in 250 ms: " +
                $"wall {Report.MedianRange(_batches.Select(b => b.Result.Wall.TotalSeconds).ToList(), "0.00")} s, " +
                $"dials in flight mean {Report.MedianRange(_batches.Select(b => b.Result.MeanInFlight).ToList(), "0.0")}, peak {Report.MedianRange(_batches.Select(b => (double)b.Result.PeakInFlight).ToList(), "0")}, " +
                $"failed {_batches.Sum(b => b.Result.Failed)}");
        }

        Report.Memory(output, _memory);
    }
}
