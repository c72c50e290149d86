using System.Globalization;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// Where the edge's CPU goes at saturation: the AppHost's services started with the runtime's perf map, wrk through
/// the edge, and <c>perf</c> recording the edge's process meanwhile (after the warm-up, so JIT tiers have settled).
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
        await using var system = await SystemUnderTest.StartAsync(new Dictionary<string, string>(options.Environment.Concat(CpuProfile.Environment)), options.Scratch, cancellationToken);
        var wrk = new WrkLoad(options.Scratch, options.Connections);
        var warm = await CallSeeder.PlaceAsync(system.ConnectionString, "warm", options.Calls, false, cancellationToken);
        await wrk.RunAsync(system.Edge, options.WarmUp, warm, cancellationToken);
        await options.WaitForQuietAsync(output, cancellationToken);

        var meter = new CpuMeter(system.Processes);
        var calls = await CallSeeder.PlaceAsync(system.ConnectionString, "profiled", options.Calls, false, cancellationToken);
        var file = Path.Combine(options.Scratch, $"edge-{DateTime.UtcNow:HHmmss}.perf.data");
        var before = meter.Read();
        var load = wrk.RunAsync(system.Edge, options.Duration + TimeSpan.FromSeconds(4), calls, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await CpuProfile.RecordAsync(system.Processes["edge"], options.Duration, file, cancellationToken);
        var result = await load;
        var after = meter.Read();
        system.EnsureRunning();
        output.WriteLine(new Segment(1, "edge", "saturation", result, CpuMeter.Between(before, after), ProcessTable.LoadAverage()).Describe());

        var entries = await CpuProfile.ReadAsync(file, cancellationToken);
        output.WriteLine();
        output.WriteLine($"Edge CPU samples by area ({file}):");
        foreach (var (area, percent) in CpuProfile.ByArea(entries))
        {
            output.WriteLine($"  {percent,6:0.0}%  {area}");
        }

        output.WriteLine();
        output.WriteLine("Top functions (exclusive):");
        foreach (var entry in entries.Take(40))
        {
            output.WriteLine($"  {entry.Percent.ToString("0.00", CultureInfo.InvariantCulture),6}%  {CpuProfile.ShortName(entry)}");
        }
    }
}
