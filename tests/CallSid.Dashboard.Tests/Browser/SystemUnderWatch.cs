using System.Diagnostics;
using System.Text.Json.Nodes;
using CallSid.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CallSid.Dashboard.Tests.Browser;

/// <summary>
/// What the browser tests look at: a fake AppHost (resources, console lines, the Calls and Transcripts APIs) and three
/// pretend services exporting real telemetry through the real OTLP exporter into a standalone dashboard.
/// </summary>
public sealed class SystemUnderWatch : IAsyncDisposable
{
    public const string CallSid = "EL_333_2024-11-21T10:00:00Z";
    public const string ConversationId = "conv_6f0c2d";

    private readonly List<ExportingService> _services = [];
    private Timer? _traffic;

    public FakeResourceService AppHost { get; private set; } = null!;

    public DashboardServer Dashboard { get; private set; } = null!;

    public string TraceId { get; private set; } = string.Empty;

    public static async Task<SystemUnderWatch> StartAsync()
    {
        var system = new SystemUnderWatch();
        system.AppHost = await FakeResourceService.StartAsync(
        [
            Detailed(FakeResourceService.Resource("postgres", "postgres", type: "PostgresServer", pid: 900), "data in CallSid.AppHost/.appdata"),
            FakeResourceService.Resource("calls", "calls", instanceId: "calls-0", pid: 1001),
            FakeResourceService.Resource("transcripts-0", "transcripts", instanceId: "transcripts-0", pid: 1002),
            FakeResourceService.Resource("edge", "edge", instanceId: "edge-0", pid: 1003),
        ]);
        system.Dashboard = await DashboardServer.StartAsync(system.AppHost.DashboardSettings());
        system.AddCall();
        system.AddConsoleLines();
        system.ExportTelemetry();
        return system;
    }

    private static JsonObject Detailed(JsonObject resource, string detail)
    {
        resource["detail"] = detail;
        return resource;
    }

    private void AddCall()
    {
        AppHost.Calls[CallSid] = new JsonObject
        {
            ["call_sid"] = CallSid, ["conversation_id"] = ConversationId, ["driver_id"] = 333, ["status"] = "completed",
            ["call_start_time"] = "2024-11-21T10:00:02Z", ["call_end_time"] = "2024-11-21T10:00:10Z",
            ["created_at"] = "2024-11-21T10:00:00Z", ["updated_at"] = "2024-11-21T10:00:10Z", ["failure_reason"] = null,
        };
        string[] said = ["Hello, this is CallSid about trip trip_123.", "Yes, this is the driver.", "The temperature was out of range.", "I will check the reefer unit."];
        AppHost.Transcripts[CallSid] = new JsonObject
        {
            ["call_sid"] = CallSid, ["conversation_id"] = ConversationId,
            ["turns"] = new JsonArray(said.Select((message, i) => (JsonNode)new JsonObject
            {
                ["sequence_number"] = i + 1, ["speaker"] = i % 2 == 0 ? "agent" : "user", ["message"] = message,
                ["timestamp"] = $"2024-11-21T10:00:0{3 + i}Z",
            }).ToArray()),
        };
    }

    private void AddConsoleLines()
    {
        AppHost.WriteConsole("calls", "stdout", "info: Microsoft.Hosting.Lifetime[14] Now listening on: http://127.0.0.1:5081");
        AppHost.WriteConsole("calls", "stdout", "info: CallSid.Calls.Services.CallPlacement[0] Placing call EL_333_2024-11-21T10:00:00Z");
        AppHost.WriteConsole("calls", "stderr", "warn: ElevenLabs answered slowly (2.1 s)");
        AppHost.WriteConsole("transcripts-0", "stdout", "info: Microsoft.Hosting.Lifetime[14] Now listening on: http://127.0.0.1:5082");
    }

    private void ExportTelemetry()
    {
        var edge = Service("edge", "edge-0");
        var transcripts = Service("transcripts", "transcripts-0");
        var calls = Service("calls", "calls-0");

        using (var root = edge.Source.StartActivity("POST /webhooks/elevenlabs/transcription", ActivityKind.Server))
        {
            TraceId = root!.TraceId.ToHexString();
            root.SetTag("http.request.method", "POST");
            root.SetTag("callsid.call_sid", CallSid);
            using (var handler = transcripts.Source.StartActivity("POST /webhooks/elevenlabs/transcription", ActivityKind.Server))
            {
                handler!.SetTag("callsid.call_sid", CallSid);
                handler.SetTag("callsid.conversation_id", ConversationId);
                handler.SetTag("http.response.status_code", 201);
                using (var lookup = transcripts.Source.StartActivity("GET /calls/{callSid}", ActivityKind.Client))
                {
                    lookup!.SetTag("callsid.call_sid", CallSid);
                    lookup.SetTag("callsid.cache_hit", false);
                    lookup.AddEvent(new ActivityEvent("resolved"));
                }

                using var insert = transcripts.Source.StartActivity("INSERT call_transcriptions", ActivityKind.Client);
                insert!.SetTag("db.system", "postgresql");
            }

            var log = transcripts.Logger("CallSid.Transcripts.Services.TranscriptStore");
            using (log.BeginScope(new Dictionary<string, object> { ["callsid.call_sid"] = CallSid }))
            {
                log.LogInformation("Stored turn {SequenceNumber} for {ConversationId}", 4, ConversationId);
            }
        }

        var callsLog = calls.Logger("CallSid.Calls.Services.CallPlacement");
        callsLog.LogInformation("Placing call for driver {DriverId}", 333);
        callsLog.LogWarning("ElevenLabs answered slowly ({Seconds} s)", 2.1);
        callsLog.LogError(new HttpRequestException("connection refused"), "ElevenLabs unreachable for {CallSid}", "EL_10000_2024-11-21T10:00:00Z");
        edge.Logger("Yarp.ReverseProxy").LogDebug("Proxying to {Destination}", "http://127.0.0.1:5082");

        var duration = transcripts.Meter.CreateHistogram<double>("http.server.request.duration", "s", "Duration of HTTP server requests.");
        transcripts.Meter.CreateObservableCounter("test.transcripts.stored", () => 42L, "{turn}");
        var random = new Random(7);
        void Requests(int count)
        {
            lock (random)
            {
                for (var i = 0; i < count; i++)
                {
                    duration.Record(0.004 + random.NextDouble() * random.NextDouble() * 0.3,
                        new KeyValuePair<string, object?>("http.route", i % 4 == 0 ? "/calls/{callSid}/transcript" : "/webhooks/elevenlabs/transcription"));
                }
            }
        }

        Requests(400);
        // Keep a trickle of requests going, as a running service would, so every export has values to chart.
        _traffic = new Timer(_ => Requests(20), null, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));

        var deliveries = edge.Meter.CreateCounter<long>("callsid.webhook.deliveries", "{delivery}");
        void Delivered(string webhook, int status, int count) =>
            deliveries.Add(count, new KeyValuePair<string, object?>("callsid.webhook", webhook), new KeyValuePair<string, object?>("http.response.status_code", status));
        Delivered("transcription", 201, 12);
        Delivered("transcription", 401, 3);
        Delivered("transcription", 200, 1);
        Delivered("post_call", 200, 2);
        Delivered("post_call", 503, 1);

        foreach (var service in _services)
        {
            service.Flush();
        }
    }

    private ExportingService Service(string name, string instanceId)
    {
        var service = new ExportingService(Dashboard.OtlpUri, name, instanceId, metricIntervalMilliseconds: 1000);
        _services.Add(service);
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        if (_traffic is not null)
        {
            await _traffic.DisposeAsync();
        }

        foreach (var service in _services)
        {
            service.Dispose();
        }

        await Dashboard.DisposeAsync();
        await AppHost.DisposeAsync();
    }
}
