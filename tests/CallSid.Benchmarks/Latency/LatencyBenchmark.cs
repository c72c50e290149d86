using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CallSid.Calls;
using CallSid.Edge;
using CallSid.ElevenLabsEmulator;
using CallSid.Testing;
using CallSid.Transcripts;
using Npgsql;

namespace CallSid.Benchmarks.Latency;

/// <summary>
/// Latency of one per-turn webhook, sequential requests on loopback, every service on its own Kestrel port in this
/// process, on a throwaway PostgreSQL cluster. Three paths, measured in the same run:
///   baseline        POST straight to Transcripts, call_sid already cached (no edge)
///   edge, cached    POST through the edge (YARP, bearer check, rate limit), call_sid cached
///   edge, uncached  POST through the edge for a call seen for the first time (+ GET to Calls)
/// </summary>
public static class LatencyBenchmark
{
    private const string Token = "bench-token";

    public static async Task RunAsync(int requests)
    {
        // WebApplicationFactory finds each service's content root through a manifest next to this program.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var cluster = new PostgresClusterFixture();
        await cluster.InitializeAsync();
        try
        {
            var db = await cluster.CreateMigratedDatabaseAsync();
            await using var emulator = new ServiceHost<EmulatorEntryPoint>(Quiet(new() { ["Emulator:ApiKey"] = "k", ["Emulator:ConversationTurns"] = "0" }));
            await using var calls = new ServiceHost<CallsEntryPoint>(Quiet(TestSettings.Calls(db, emulator.BaseAddress, "k")));
            await using var transcripts = new ServiceHost<TranscriptsEntryPoint>(Quiet(new() { ["ConnectionStrings:callsdb"] = db, ["services:calls:http:0"] = calls.BaseAddress.ToString() }));
            await using var edge = new ServiceHost<EdgeEntryPoint>(Quiet(new()
            {
                ["services:transcripts:http:0"] = transcripts.BaseAddress.ToString(),
                ["services:calls:http:0"] = calls.BaseAddress.ToString(),
                ["Webhooks:TranscriptionToken"] = Token,
                ["Webhooks:PostCallSecret"] = "unused",
            }));

            // Calls with conversation ids, written straight to the table: setup, not measured.
            var callSids = Enumerable.Range(1, requests + 2).Select(i => $"EL_{i}_2024-11-21T10:00:00Z").ToArray();
            await using (var connection = new NpgsqlConnection(db))
            {
                await connection.OpenAsync();
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO dev.calls (call_sid, conversation_id, driver_id, call_start_time, status, created_at, updated_at) " +
                    "SELECT s, 'conv_' || n, n, now(), 'in_progress', now(), now() FROM unnest($1::text[]) WITH ORDINALITY AS t(s, n)", connection)
                {
                    Parameters = { new() { Value = callSids } },
                };
                await insert.ExecuteNonQueryAsync();
            }

            var direct = transcripts.CreateClient();
            var viaEdge = edge.CreateClient();
            var cachedCall = callSids[^1];
            var warmCall = callSids[^2];
            // Warm-up: JIT, connection pools, and the two cached call_sids.
            for (var i = 0; i < 50; i++)
            {
                await SendAsync(direct, cachedCall, $"warm {i}");
                await SendAsync(viaEdge, warmCall, $"warm {i}");
            }

            var results = new (string Name, double[] Millis)[]
            {
                ("baseline: Transcripts direct, cached", await MeasureAsync(i => SendAsync(direct, cachedCall, $"direct {i}"))),
                ("edge, cached", await MeasureAsync(i => SendAsync(viaEdge, cachedCall, $"edge cached {i}"))),
                ("edge, uncached (first turn of a call)", await MeasureAsync(i => SendAsync(viaEdge, callSids[i], $"edge uncached {i}"))),
            };

            var baseline = Percentile(results[0].Millis, 0.50);
            Console.WriteLine($"{requests} sequential requests per path, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
            Console.WriteLine($"{"path",-40} {"p50 ms",8} {"p95 ms",8} {"mean ms",8} {"p50 / baseline",15}");
            foreach (var (name, millis) in results)
            {
                Console.WriteLine($"{name,-40} {Percentile(millis, 0.50),8:0.00} {Percentile(millis, 0.95),8:0.00} {millis.Average(),8:0.00} {Percentile(millis, 0.50) / baseline,15:0.00}x");
            }
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        async Task<double[]> MeasureAsync(Func<int, Task> send)
        {
            var millis = new double[requests];
            for (var i = 0; i < requests; i++)
            {
                var clock = Stopwatch.StartNew();
                await send(i);
                millis[i] = clock.Elapsed.TotalMilliseconds;
            }

            return millis;
        }
    }

    private static async Task SendAsync(HttpClient client, string callSid, string message)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/transcription")
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { call_sid = callSid, speaker = "agent", message, timestamp = DateTime.UtcNow.ToString("O") }),
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await client.SendAsync(request);
        if ((int)response.StatusCode is not (200 or 201))
        {
            throw new InvalidOperationException($"{callSid}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static Dictionary<string, string?> Quiet(Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning";
        return settings;
    }
}
