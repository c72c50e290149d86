namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// Per-turn webhooks per second through the edge with every service exporting traces, metrics and logs to the
/// dashboard (OTLP/HTTP, protobuf), against the same system with export off, in the same run: both systems run side by
/// side (each its own AppHost and PostgreSQL) and take turns, so the machine's other load falls on both alike.
/// </summary>
public sealed class ExportComparison(BenchmarkOptions options, TextWriter output)
{
    private readonly List<Segment> _segments = [];
    private readonly List<(int, Dictionary<string, double>)> _memory = [];

    /// <summary>What the AppHost hands every service when telemetry goes to <paramref name="dashboard"/>.</summary>
    public static Dictionary<string, string> ExportTo(DashboardProcess dashboard) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.OtlpEndpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"Telemetry export on vs off, through the edge, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {ProcessTable.LoadAverage()}");
        output.WriteLine($"{options.Rounds} rounds x {options.Duration.TotalSeconds:0} s per segment, wrk with {options.Connections} connections, {options.Calls} calls per segment");
        await using var dashboard = await DashboardProcess.StartAsync(cancellationToken);
        await using var off = await SystemUnderTest.StartAsync(new Dictionary<string, string>(), options.Scratch, cancellationToken);
        await using var on = await SystemUnderTest.StartAsync(ExportTo(dashboard), options.Scratch, cancellationToken);
        output.WriteLine($"Dashboard (pid {dashboard.Pid}) receiving OTLP at {dashboard.OtlpEndpoint}; AppHost logs: off {off.LogFile}, on {on.LogFile}");

        var systems = new Dictionary<string, SystemUnderTest> { ["export off"] = off, ["export on"] = on };
        var meters = systems.ToDictionary(
            s => s.Key,
            s => new CpuMeter(new Dictionary<string, int>(s.Value.Processes) { ["dashboard"] = dashboard.Pid }));
        var wrk = new WrkLoad(options.Scratch, options.Connections);
        output.WriteLine($"Warm-up: {options.WarmUp.TotalSeconds:0} s of saturation through each system's edge");
        for (var half = 0; half < 2; half++)
        {
            foreach (var (name, system) in systems)
            {
                var warm = await CallSeeder.PlaceAsync(system.ConnectionString, $"warm{half}", options.Calls, false, cancellationToken);
                await wrk.RunAsync(system.Edge, options.WarmUp / 4, warm, cancellationToken);
            }
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            await options.WaitForQuietAsync(output, cancellationToken);
            foreach (var name in round % 2 == 1 ? new[] { "export off", "export on" } : ["export on", "export off"])
            {
                var system = systems[name];
                var calls = await CallSeeder.PlaceAsync(system.ConnectionString, $"e{round}", options.Calls, false, cancellationToken);
                var before = meters[name].Read();
                var result = await wrk.RunAsync(system.Edge, options.Duration, calls, cancellationToken);
                var after = meters[name].Read();
                system.EnsureRunning();
                var segment = new Segment(round, name, "saturation", result, CpuMeter.Between(before, after), ProcessTable.LoadAverage());
                output.WriteLine(segment.Describe() + $" dashboard {segment.CpuPerThousand("dashboard"):0}");
                _segments.Add(segment);
            }

            var resident = on.Processes.ToDictionary(p => "on: " + p.Key, p => p.Key == "postgres" ? ProcessTable.ProportionalMiB(p.Value) : ProcessTable.ResidentMiB(p.Value));
            resident["dashboard"] = ProcessTable.ResidentMiB(dashboard.Pid);
            _memory.Add((round, resident));
        }

        Report.Table(output, "Through the edge at saturation, every service exporting to the dashboard vs export off, median [range] over rounds",
            _segments, "saturation", ["export off", "export on"], ["export off"], ["edge", "transcripts", "calls", "postgres", "apphost", "dashboard"]);
        Report.Memory(output, _memory);
    }
}
