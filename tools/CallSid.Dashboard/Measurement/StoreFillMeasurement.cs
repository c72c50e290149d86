using System.Diagnostics;
using System.Net.Http.Headers;
using CallSid.Dashboard.Configuration;
using CallSid.Dashboard.Extensions;
using CallSid.Dashboard.Otlp;
using CallSid.Dashboard.Telemetry;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CallSid.Dashboard.Measurement;

/// <summary>
/// <c>dotnet run -c Release --project tools/CallSid.Dashboard -- measure</c>: starts the dashboard in this process,
/// fills every store to its limit through the real OTLP/HTTP endpoint, and prints what that costs: ingest rate
/// (over HTTP, and decode + store alone on one thread) and memory when full (managed heap and resident set).
/// </summary>
public static class StoreFillMeasurement
{
    private const int TracesPerExport = 50;
    private const int SpansPerTrace = 6;

    public static async Task<int> RunAsync()
    {
        await using var app = DashboardApplication.Create(
        [
            "--urls=http://127.0.0.1:0", "--DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:0",
            "--Dashboard:Frontend:AuthMode=Unsecured", "--Dashboard:Otlp:PrimaryApiKey=measure", "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var limits = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.TelemetryLimits;
        using var http = new HttpClient { BaseAddress = app.Services.GetRequiredService<DashboardEndpoints>().OtlpUri };
        http.DefaultRequestHeaders.Add(OtlpHttpReceiver.ApiKeyHeader, "measure");
        var empty = Memory();
        Console.WriteLine($"Empty dashboard: managed heap {empty.Managed / 1048576.0:0.0} MiB, resident set {empty.Resident / 1048576.0:0.0} MiB");

        // 1. Memory when full: every store filled through OTLP/HTTP, each export made just before it is sent (so the
        //    load generator holds nothing), then a full collection.
        var traceExports = limits.MaxTraceCount / TracesPerExport + 20;
        await PostAllAsync(http, "/v1/traces", Enumerable.Range(0, traceExports).Select(i => SyntheticTelemetry.Traces(i * TracesPerExport, TracesPerExport).ToByteArray()));
        await PostAllAsync(http, "/v1/logs", Enumerable.Range(0, limits.MaxLogCount / 100 + 5).Select(i => SyntheticTelemetry.Logs(i * 100, 100).ToByteArray()));
        // Every instrument sends 8 series per export: enough exports to reach MaxMetricsCount points per instrument.
        await PostAllAsync(http, "/v1/metrics", Enumerable.Range(1, limits.MaxMetricsCount / 8 + 10).Select(i => SyntheticTelemetry.Metrics(i).ToByteArray()));

        var traceStore = app.Services.GetRequiredService<TraceStore>();
        var points = app.Services.GetRequiredService<MetricStore>().Instruments(_ => true).Sum(i => i.PointCount);
        var full = Memory();
        Console.WriteLine($"Full: {traceStore.Count:N0} traces ({traceStore.Snapshot().Sum(t => t.Spans.Length):N0} spans, ~10 attributes each), " +
            $"{app.Services.GetRequiredService<LogStore>().Snapshot().Length:N0} logs, {points:N0} metric points (limit {limits.MaxMetricsCount:N0} per instrument per resource)");
        Console.WriteLine($"Full dashboard: managed heap {full.Managed / 1048576.0:0.0} MiB, resident set {full.Resident / 1048576.0:0.0} MiB");
        var gc = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Console.WriteLine($"GC: heap {gc.HeapSizeBytes / 1048576.0:0.0} MiB, committed {gc.TotalCommittedBytes / 1048576.0:0.0} MiB, server GC {System.Runtime.GCSettings.IsServerGC}");

        // 2. Ingest rate, with the store full and evicting (steady state): exports made beforehand, so only sending
        //    and receiving are timed.
        var exports = 2 * limits.MaxTraceCount / TracesPerExport;
        var bodies = Enumerable.Range(traceExports, exports).Select(i => SyntheticTelemetry.Traces(i * TracesPerExport, TracesPerExport).ToByteArray()).ToList();
        var spans = (long)exports * TracesPerExport * SpansPerTrace;
        var (wall, cpu) = await TimeAsync(() => PostAllAsync(http, "/v1/traces", bodies));
        Console.WriteLine($"Traces over HTTP: {spans:N0} spans in {exports:N0} exports of {TracesPerExport * SpansPerTrace} spans, one sender: " +
            $"{spans / wall.TotalSeconds:N0} spans/s wall, {spans / cpu.TotalSeconds:N0} spans per CPU-second of the whole process (sender included)");

        var ingest = app.Services.GetRequiredService<OtlpTraceIngest>();
        var (decodeWall, _) = await TimeAsync(() =>
        {
            foreach (var body in bodies)
            {
                ingest.Add(ExportTraceServiceRequest.Parser.ParseFrom(body));
            }

            return Task.CompletedTask;
        });
        Console.WriteLine($"Traces, decode + store only, one thread: {spans / decodeWall.TotalSeconds:N0} spans/s");

        var logBodies = Enumerable.Range(0, 2 * limits.MaxLogCount / 100).Select(i => SyntheticTelemetry.Logs(i * 100, 100).ToByteArray()).ToList();
        var (logWall, _) = await TimeAsync(() => PostAllAsync(http, "/v1/logs", logBodies));
        Console.WriteLine($"Logs over HTTP, one sender: {logBodies.Count * 100 / logWall.TotalSeconds:N0} records/s");

        await app.StopAsync();
        return 0;
    }

    private static async Task PostAllAsync(HttpClient http, string path, IEnumerable<byte[]> bodies)
    {
        foreach (var body in bodies)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var response = await http.PostAsync(path, content);
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task<(TimeSpan Wall, TimeSpan Cpu)> TimeAsync(Func<Task> work)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await work();
        process.Refresh();
        return (clock.Elapsed, process.TotalProcessorTime - cpu);
    }

    /// <summary>Managed heap after full, compacting collections, and the process's resident set (VmRSS).</summary>
    private static (long Managed, long Resident) Memory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        var resident = line is null ? Environment.WorkingSet : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return (managed, resident);
    }
}
