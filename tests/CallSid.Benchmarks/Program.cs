using System.Runtime.InteropServices;
using CallSid.Benchmarks.Latency;
using CallSid.Benchmarks.Throughput;

// Usage (see README, "Performance"):
//   dotnet run -c Release --project tests/CallSid.Benchmarks [latency] [requests per path, default 400]
//   dotnet run -c Release --project tests/CallSid.Benchmarks -- throughput [--rounds 3 --duration 10 ...]
//   dotnet run -c Release --project tests/CallSid.Benchmarks -- export [...]    telemetry export to the dashboard, on vs off
//   dotnet run -c Release --project tests/CallSid.Benchmarks -- profile [...]   the edge's CPU profile under saturation (perf)
var mode = args.Length > 0 && !int.TryParse(args[0], out _) ? args[0] : "latency";
var rest = args.Length > 0 && args[0] == mode ? args[1..] : args;
if (mode == "latency")
{
    await LatencyBenchmark.RunAsync(rest.Length > 0 ? int.Parse(rest[0]) : 400);
    return 0;
}

if (!OperatingSystem.IsLinux() || !WrkLoad.IsInstalled())
{
    Console.Error.WriteLine("The throughput modes need Linux (/proc) and wrk (apt-get install wrk).");
    return 2;
}

var options = BenchmarkOptions.Parse(rest);
Directory.CreateDirectory(options.Scratch);
// Ctrl+C or SIGTERM cancels the run; every process it started is then stopped by the using blocks (and, were this
// process killed outright, by their watchdogs).
using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
try
{
    switch (mode)
    {
        case "throughput":
            await new ThroughputBenchmark(options, Console.Out).RunAsync(stop.Token);
            break;
        case "export":
            await new ExportComparison(options, Console.Out).RunAsync(stop.Token);
            break;
        case "profile":
            await new EdgeProfileRun(options, Console.Out).RunAsync(stop.Token);
            break;
        default:
            Console.Error.WriteLine($"Unknown mode {mode}: latency, throughput, export or profile.");
            return 2;
    }

    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted; every process this run started has been stopped.");
    return 130;
}
