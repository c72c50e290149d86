using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallSid.Dashboard.Tests.Infrastructure;

/// <summary>
/// The AppHost's side of the resource-service contract, on a real Kestrel listener: resources and their watch stream,
/// console lines and their watch, and the stop/start/restart commands (recorded). It also answers the Calls and
/// Transcripts GETs the call view makes. JSON is written here by hand, in the contract's camelCase, so a naming
/// mismatch in the dashboard's client would show.
/// </summary>
public sealed class FakeResourceService : IAsyncDisposable
{
    public const string ApiKey = "test-resource-service-key";

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, JsonObject> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonObject>> _console = [];
    private readonly List<Channel<string>> _watchers = [];
    private readonly List<(string Resource, Channel<string> Channel)> _consoleWatchers = [];
    private WebApplication _app = null!;
    private long _sequence;

    public Uri BaseUri { get; private set; } = null!;

    public ConcurrentQueue<(string Resource, string Command)> Commands { get; } = new();

    public ConcurrentDictionary<string, JsonObject> Calls { get; } = new();

    public ConcurrentDictionary<string, JsonObject> Transcripts { get; } = new();

    public int UnauthorizedRequests;

    public int WatchConnections;

    public static async Task<FakeResourceService> StartAsync(IEnumerable<JsonObject> resources, int port = 0)
    {
        var fake = new FakeResourceService();
        foreach (var resource in resources)
        {
            fake._resources[resource["name"]!.GetValue<string>()] = resource;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        fake._app = builder.Build();
        fake.Map(fake._app);
        await fake._app.StartAsync(TestContext.Current.CancellationToken);
        fake.BaseUri = new Uri(fake._app.Urls.First());
        return fake;
    }

    /// <summary>A resource as the contract describes it; tests change fields with <see cref="Upsert"/>.</summary>
    public static JsonObject Resource(string name, string displayName, string type = "Project", string state = "Running", string? instanceId = null, int? pid = 4242) => new()
    {
        ["name"] = name, ["displayName"] = displayName, ["type"] = type, ["state"] = state, ["health"] = state == "Running" ? "Healthy" : null,
        ["startTime"] = "2026-11-21T10:00:00Z", ["stopTime"] = null, ["restartCount"] = 0, ["pid"] = pid, ["exitCode"] = null,
        ["detail"] = null, ["endpoints"] = new JsonArray(new JsonObject { ["name"] = "http", ["url"] = "http://127.0.0.1:5082" }),
        ["environment"] = new JsonArray(
            new JsonObject { ["name"] = "ConnectionStrings__callsdb", ["value"] = null, ["isSecret"] = true },
            new JsonObject { ["name"] = "ElevenLabs__ApiKey", ["value"] = "sk_would_leak", ["isSecret"] = false },
            new JsonObject { ["name"] = "OTEL_SERVICE_NAME", ["value"] = displayName, ["isSecret"] = false }),
        ["commands"] = new JsonArray("stop", "start", "restart"), ["instanceId"] = instanceId,
    };

    public void Upsert(JsonObject resource)
    {
        lock (_lock)
        {
            _resources[resource["name"]!.GetValue<string>()] = resource;
            Broadcast(new JsonObject { ["type"] = "upsert", ["resource"] = resource.DeepClone() });
        }
    }

    public void Delete(string name)
    {
        lock (_lock)
        {
            _resources.Remove(name);
            Broadcast(new JsonObject { ["type"] = "delete", ["name"] = name });
        }
    }

    public JsonObject Get(string name)
    {
        lock (_lock)
        {
            return (JsonObject)_resources[name].DeepClone();
        }
    }

    public void WriteConsole(string resource, string stream, string text)
    {
        lock (_lock)
        {
            var line = new JsonObject { ["sequence"] = ++_sequence, ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"), ["stream"] = stream, ["text"] = text };
            if (!_console.TryGetValue(resource, out var lines))
            {
                _console[resource] = lines = [];
            }

            lines.Add(line);
            foreach (var watcher in _consoleWatchers.Where(w => w.Resource == resource))
            {
                watcher.Channel.Writer.TryWrite(line.ToJsonString());
            }
        }
    }

    /// <summary>Ends every open watch stream, as an AppHost that restarts would.</summary>
    public void DropWatchers()
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }

            _watchers.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        DropWatchers();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private void Broadcast(JsonObject change)
    {
        var json = change.ToJsonString();
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(json);
        }
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/resources") && context.Request.Headers["x-resource-service-api-key"] != ApiKey)
            {
                Interlocked.Increment(ref UnauthorizedRequests);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });

        app.MapGet("/resources", () =>
        {
            lock (_lock)
            {
                return Results.Text(new JsonObject { ["applicationName"] = "CallSid", ["resources"] = Snapshot() }.ToJsonString(), "application/json");
            }
        });
        app.MapGet("/resources/watch", (CancellationToken cancellationToken) =>
        {
            Interlocked.Increment(ref WatchConnections);
            var channel = Channel.CreateUnbounded<string>();
            lock (_lock)
            {
                channel.Writer.TryWrite(new JsonObject { ["type"] = "snapshot", ["resources"] = Snapshot() }.ToJsonString());
                _watchers.Add(channel);
            }

            return TypedResults.ServerSentEvents(channel.Reader.ReadAllAsync(cancellationToken));
        });
        app.MapGet("/resources/{name}/console", (string name, long? after) =>
        {
            lock (_lock)
            {
                if (!_resources.ContainsKey(name))
                {
                    return Results.NotFound();
                }

                var lines = _console.GetValueOrDefault(name, []).Where(l => l["sequence"]!.GetValue<long>() > (after ?? 0)).Take(5000).Select(l => l.DeepClone()).ToArray();
                var next = lines.Length == 0 ? after ?? 0 : lines[^1]!["sequence"]!.GetValue<long>();
                return Results.Text(new JsonObject { ["lines"] = new JsonArray(lines), ["next"] = next }.ToJsonString(), "application/json");
            }
        });
        app.MapGet("/resources/{name}/console/watch", (string name, long? after, CancellationToken cancellationToken) =>
        {
            var channel = Channel.CreateUnbounded<string>();
            lock (_lock)
            {
                foreach (var line in _console.GetValueOrDefault(name, []).Where(l => l["sequence"]!.GetValue<long>() > (after ?? 0)))
                {
                    channel.Writer.TryWrite(line.ToJsonString());
                }

                _consoleWatchers.Add((name, channel));
            }

            return TypedResults.ServerSentEvents(channel.Reader.ReadAllAsync(cancellationToken));
        });
        app.MapPost("/resources/{name}/commands/{command}", (string name, string command) => Command(name, command));
        app.MapGet("/calls/{callSid}", (string callSid) => Calls.TryGetValue(callSid, out var call)
            ? Results.Text(call.ToJsonString(), "application/json")
            : Results.Json(new { status = "error", message = $"Call not found for call_sid: {callSid}" }, statusCode: 404));
        app.MapGet("/calls/{callSid}/transcript", (string callSid) => Transcripts.TryGetValue(callSid, out var transcript)
            ? Results.Text(transcript.ToJsonString(), "application/json")
            : Results.Json(new { status = "error", message = $"Call not found for call_sid: {callSid}" }, statusCode: 404));
    }

    private IResult Command(string name, string command)
    {
        lock (_lock)
        {
            if (!_resources.TryGetValue(name, out var resource))
            {
                return Results.Json(new { status = "error", message = $"Unknown resource {name}" }, statusCode: 404);
            }

            Commands.Enqueue((name, command));
            var state = resource["state"]!.GetValue<string>();
            if ((command == "start" && state == "Running") || (command == "stop" && state != "Running"))
            {
                return Results.Json(new { status = "error", message = $"{name} is {state}: {command} does not apply now" }, statusCode: 409);
            }

            var changed = (JsonObject)resource.DeepClone();
            changed["state"] = command == "stop" ? "Stopped" : "Running";
            if (command == "restart")
            {
                changed["restartCount"] = resource["restartCount"]!.GetValue<int>() + 1;
                changed["pid"] = resource["pid"]!.GetValue<int>() + 1;
            }

            _resources[name] = changed;
            Broadcast(new JsonObject { ["type"] = "upsert", ["resource"] = changed.DeepClone() });
            return Results.Json(new { status = "accepted", message = $"{command} {name} accepted" });
        }
    }

    private JsonArray Snapshot() => new(_resources.Values.Select(r => (JsonNode)r.DeepClone()).ToArray());

    /// <summary>Settings that point a dashboard at this fake, for resources and for the call view.</summary>
    public Dictionary<string, string?> DashboardSettings() => new()
    {
        ["DOTNET_RESOURCE_SERVICE_ENDPOINT_URL"] = BaseUri.ToString(),
        ["Dashboard:ResourceServiceClient:ApiKey"] = ApiKey,
        ["services:calls:http:0"] = BaseUri.ToString(),
        ["services:transcripts:http:0"] = BaseUri.ToString(),
    };
}
