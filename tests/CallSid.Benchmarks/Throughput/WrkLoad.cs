using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// Closed-loop saturation with wrk (Debian package <c>wrk</c>): a fixed number of connections, each sending its next
/// per-turn webhook as soon as the last is answered. A Lua script makes every message distinct (each is a new turn)
/// and picks the call_sid: rotating over a set of calls (cached in Transcripts after their first turn), or a new call
/// every request (Transcripts asks Calls each time).
/// </summary>
public sealed partial class WrkLoad(string scratch, int connections, int threads = 2)
{
    private const string Script = """
        local threads = {}
        function setup(thread)
          thread:set("tid", #threads)
          table.insert(threads, thread)
        end
        function init(args)
          mode, nonce, prefix, suffix = args[1], args[2], args[3], args[4]
          calls, first, per_thread, token = tonumber(args[5]), tonumber(args[6]), tonumber(args[7]), args[8]
          counter = 0
        end
        request = function()
          counter = counter + 1
          local n
          if mode == "cached" then n = first + (counter + tid) % calls else n = first + tid * per_thread + (counter - 1) % per_thread end
          local body = '{"call_sid":"' .. prefix .. n .. suffix .. '","speaker":"agent","message":"turn ' .. nonce .. '-' .. tid .. '-' .. counter .. '","timestamp":"2024-11-21T10:30:00Z"}'
          return wrk.format("POST", "/webhooks/elevenlabs/transcription", {["Content-Type"]="application/json", ["Authorization"]="Bearer " .. token}, body)
        end
        done = function(summary, latency, requests)
          io.write(string.format("RESULT requests=%d duration_us=%d status_errors=%d socket_errors=%d p50=%d p95=%d p99=%d\n",
            summary.requests, summary.duration, summary.errors.status,
            summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
            latency:percentile(50), latency:percentile(95), latency:percentile(99)))
        end
        """;

    public static bool IsInstalled() => File.Exists("/usr/bin/wrk") || File.Exists("/usr/local/bin/wrk");

    /// <summary>Sends turns to <paramref name="target"/> for <paramref name="duration"/>.</summary>
    /// <param name="calls">Which calls: call_sid = prefix + n + suffix, n from <c>First</c>; <c>Count</c> calls rotated, or <c>PerThread</c> fresh ones per wrk thread.</param>
    public async Task<LoadResult> RunAsync(Uri target, TimeSpan duration, CallRange calls, CancellationToken cancellationToken)
    {
        var script = Path.Combine(scratch, "turns.lua");
        if (!File.Exists(script))
        {
            await File.WriteAllTextAsync(script, Script, cancellationToken);
        }

        // sh's "times" prints the CPU its children (wrk) used: the generator's cost, measured like the services'.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            "-c", "wrk \"$@\"; times", "sh",
            $"-t{threads}", $"-c{connections}", $"-d{Math.Max(1, (int)duration.TotalSeconds)}s", "--timeout", "10s", "-s", script, target.ToString(), "--",
            calls.Fresh ? "first" : "cached", Guid.NewGuid().ToString("N")[..8], calls.Prefix, calls.Suffix,
            calls.Count.ToString(CultureInfo.InvariantCulture), calls.First.ToString(CultureInfo.InvariantCulture),
            (calls.Count / threads).ToString(CultureInfo.InvariantCulture), SystemUnderTest.TranscriptionToken,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        await using var _ = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var result = ResultLine().Match(output);
        if (!result.Success)
        {
            throw new InvalidOperationException($"wrk gave no result:{Environment.NewLine}{output}{errors}");
        }

        long Field(string name) => long.Parse(result.Groups[name].Value, CultureInfo.InvariantCulture);
        var times = TimesLine().Matches(output);
        var cpu = times.Count < 2 ? double.NaN : Seconds(times[1].Groups["user"]) + Seconds(times[1].Groups["system"]);
        return new LoadResult(
            Field("requests"), Field("status") + Field("socket"), TimeSpan.FromMicroseconds(Field("duration")),
            Field("p50") / 1000.0, Field("p95") / 1000.0, Field("p99") / 1000.0, cpu);
    }

    private static double Seconds(Group minutesAndSeconds)
    {
        var parts = minutesAndSeconds.Value.TrimEnd('s').Split('m');
        return int.Parse(parts[0], CultureInfo.InvariantCulture) * 60 + double.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"RESULT requests=(?<requests>\d+) duration_us=(?<duration>\d+) status_errors=(?<status>\d+) socket_errors=(?<socket>\d+) p50=(?<p50>\d+) p95=(?<p95>\d+) p99=(?<p99>\d+)")]
    private static partial Regex ResultLine();

    [GeneratedRegex(@"^(?<user>\d+m[\d.]+s) (?<system>\d+m[\d.]+s)$", RegexOptions.Multiline)]
    private static partial Regex TimesLine();
}
