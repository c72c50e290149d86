using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// An on-CPU profile of one process with Linux <c>perf</c> (sampling at 999 Hz, kernel included). JIT-compiled .NET
/// code is named through the runtime's perf map, which the process writes when started with
/// <c>DOTNET_PerfMapEnabled=1</c> (and <c>DOTNET_EnableWriteXorExecute=0</c>, so code addresses are the ones mapped).
/// Reported by function (exclusive) and by where the time goes (our code, ASP.NET Core, YARP, the runtime, the kernel).
/// </summary>
public static partial class CpuProfile
{
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["DOTNET_PerfMapEnabled"] = "1",
        ["DOTNET_EnableWriteXorExecute"] = "0",
    };

    public sealed record Entry(double Percent, string Module, string Function);

    public static bool IsAvailable() => File.Exists("/usr/bin/perf");

    /// <summary>Records <paramref name="pid"/> for <paramref name="duration"/> into <paramref name="file"/>.</summary>
    public static async Task RecordAsync(int pid, TimeSpan duration, string file, CancellationToken cancellationToken)
    {
        await RunAsync(["record", "-F", "999", "-g", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file, "--", "sleep", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)], cancellationToken);
    }

    /// <summary>Every sampled function with its share of the process's CPU samples, largest first.</summary>
    public static async Task<List<Entry>> ReadAsync(string file, CancellationToken cancellationToken)
    {
        var report = await RunAsync(["report", "-i", file, "--no-children", "--sort", "dso,sym", "-g", "none", "--stdio", "--percent-limit", "0.01"], cancellationToken);
        var entries = new List<Entry>();
        foreach (Match line in ReportLine().Matches(report))
        {
            entries.Add(new Entry(double.Parse(line.Groups["pct"].Value, CultureInfo.InvariantCulture), line.Groups["dso"].Value.Trim(), line.Groups["sym"].Value.Trim()));
        }

        return entries;
    }

    /// <summary>Where the samples went, by area: a .NET assembly's code, or a native library, or the kernel.</summary>
    public static List<(string Area, double Percent)> ByArea(IEnumerable<Entry> entries) =>
        entries.GroupBy(Area).Select(g => (g.Key, g.Sum(e => e.Percent))).OrderByDescending(a => a.Item2).ToList();

    /// <summary>A function's name without its signature: <c>Namespace.Type::Method</c>.</summary>
    public static string ShortName(Entry entry)
    {
        var managed = ManagedSymbol().Matches(entry.Function);
        return managed.Count > 0 ? $"{managed[^1].Groups["type"].Value}::{managed[^1].Groups["method"].Value}" : $"{entry.Function} ({entry.Module})";
    }

    private static string Area(Entry entry)
    {
        var managed = ManagedSymbol().Matches(entry.Function);
        if (managed.Count > 0)
        {
            var assembly = managed[^1].Groups["assembly"].Value;
            return assembly switch
            {
                _ when assembly.StartsWith("CallSid", StringComparison.Ordinal) => "CallSid code",
                _ when assembly.StartsWith("Yarp", StringComparison.Ordinal) => "YARP",
                _ when assembly.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) => "Kestrel",
                _ when assembly.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) => "ASP.NET Core (middleware, routing, auth)",
                "System.Net.Http" => "HttpClient (to Transcripts)",
                "System.Net.Sockets" or "System.Net.Primitives" => "sockets (managed)",
                "System.Private.CoreLib" => "CoreLib (async, collections, strings)",
                _ when assembly.StartsWith("Microsoft.Extensions", StringComparison.Ordinal) => "Microsoft.Extensions (DI, logging, options)",
                _ => "other managed: " + assembly,
            };
        }

        return entry.Module switch
        {
            "[kernel.kallsyms]" => "kernel (network stack, scheduler, syscalls)",
            "libcoreclr.so" => "runtime (GC, type system, stubs, thread pool waits)",
            "libclrjit.so" => "JIT compiler",
            "libc.so.6" or "ld-linux-x86-64.so.2" => "libc",
            _ when entry.Module.StartsWith("libSystem", StringComparison.Ordinal) => "runtime native shims",
            _ when entry.Module.StartsWith("[JIT]", StringComparison.Ordinal) || entry.Module.StartsWith("perf-", StringComparison.Ordinal) => "stubs and unnamed JIT code",
            _ => "other native: " + entry.Module,
        };
    }

    private static async Task<string> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("perf did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"perf {arguments[0]} exited with {process.ExitCode}: {await errors}{await output}");
    }

    [GeneratedRegex(@"^\s+(?<pct>[\d.]+)%\s+(?<dso>\S+(?: \S+)*?)\s+\[[.k]\]\s+(?<sym>.+)$", RegexOptions.Multiline)]
    private static partial Regex ReportLine();

    [GeneratedRegex(@"\[(?<assembly>[^\]]+)\] (?<type>[^\s\[]+)::(?<method>[^\(\[]+)")]
    private static partial Regex ManagedSymbol();
}
