using System.Globalization;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// Where the edge's CPU goes at saturation: the AppHost's services started with the runtime's perf map, wrk through
/// the edge, and <c>perf</c> recording the edge's process meanwhile (after the warm-up, so JIT tiers have settled).
/// With a variant (<c>--variant-dll</c>, <c>--variant-env</c>) both edges are profiled in the same run, on the same
/// backends, one after the other.
/// </summary>
public sealed class EdgeProfileRun(BenchmarkOptions options, TextWriter output)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!CpuProfile.IsAvailable())
        {
            throw new InvalidOperationException("perf is not installed (Debian: apt-get install linux-perf).");
        }

        output.WriteLine($"CPU profile of the edge at saturation, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {ProcessTable.LoadAverage()}");
        await using var dashboard = options.Export ? await DashboardProcess.StartAsync(cancellationToken) : null;
        var environment = new Dictionary<string, string>(options.Environment.Concat(CpuProfile.Environment));
        if (dashboard is not null)
        {
            output.WriteLine($"Every service exports to the dashboard (pid {dashboard.Pid}) at {dashboard.OtlpEndpoint}");
            foreach (var (name, value) in ExportComparison.ExportTo(dashboard))
            {
                environment[name] = value;
            }
        }

        await using var system = await SystemUnderTest.StartAsync(environment, options.Scratch, cancellationToken);
        var edges = new List<(string Name, Uri Url, int Pid)> { ("edge", system.Edge, system.Processes["edge"]) };
        await using var variant = options.VariantEnvironment.Count == 0 && options.VariantAssembly is null
            ? null
            : await EdgeVariant.StartAsync(system, new Dictionary<string, string>(options.VariantEnvironment.Concat(CpuProfile.Environment)), options.VariantAssembly, cancellationToken);
        if (variant is not null)
        {
            output.WriteLine($"Edge variant (pid {variant.Pid}): {options.VariantAssembly ?? "the same build"}, with {string.Join(" ", options.VariantEnvironment.Select(v => $"{v.Key}={v.Value}"))}");
            edges.Add(("variant", variant.Url, variant.Pid));
        }

        var wrk = new WrkLoad(options.Scratch, options.Connections);
        foreach (var edge in edges)
        {
            var warm = await CallSeeder.PlaceAsync(system.ConnectionString, $"warm{edge.Name}", options.Calls, false, cancellationToken);
            await wrk.RunAsync(edge.Url, options.WarmUp, warm, cancellationToken);
        }

        await options.WaitForQuietAsync(output, cancellationToken);
        foreach (var edge in edges)
        {
            var meter = new CpuMeter(new Dictionary<string, int>(system.Processes) { ["edge"] = edge.Pid });
            var calls = await CallSeeder.PlaceAsync(system.ConnectionString, $"profiled{edge.Name}", options.Calls, false, cancellationToken);
            var file = Path.Combine(options.Scratch, $"{edge.Name}-{DateTime.UtcNow:HHmmss}.perf.data");
            var before = meter.Read();
            var load = wrk.RunAsync(edge.Url, options.Duration + TimeSpan.FromSeconds(4), calls, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            await CpuProfile.RecordAsync(edge.Pid, options.Duration, file, cancellationToken);
            var result = await load;
            var after = meter.Read();
            system.EnsureRunning();
            output.WriteLine(new Segment(1, edge.Name, "saturation", result, CpuMeter.Between(before, after), ProcessTable.LoadAverage()).Describe());
            Print(edge.Name, file, await CpuProfile.ReadAsync(file, cancellationToken));
        }
    }

    private void Print(string name, string file, List<CpuProfile.Entry> entries)
    {
        output.WriteLine();
        output.WriteLine($"{name}: CPU samples by area ({file}):");
        foreach (var (area, percent) in CpuProfile.ByArea(entries))
        {
            output.WriteLine($"  {percent,6:0.0}%  {area}");
        }

        output.WriteLine();
        output.WriteLine($"{name}: top functions (exclusive):");
        foreach (var entry in entries.Take(40))
        {
            output.WriteLine($"  {entry.Percent.ToString("0.00", CultureInfo.InvariantCulture),6}%  {CpuProfile.ShortName(entry)}");
        }

        output.WriteLine();
    }
}
