using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallSid.AppHost.Hosting;

/// <summary>
/// The AppHost's side of the dashboard (Aspire's resource service, over HTTP and Server-Sent Events since our feed has
/// no gRPC server): the resources and their states, each one's console lines, and Stop/Start/Restart. Loopback only,
/// and only for a caller with this run's key (<c>x-resource-service-api-key</c>).
/// </summary>
public sealed class ResourceService(ResourceCatalog catalog, ConsoleOutput output, string apiKey) : IAsyncDisposable
{
    public const string ApiKeyHeader = "x-resource-service-api-key";
    private const int MaxConsoleLines = 5000;

    private readonly byte[] _expectedKey = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
    private WebApplication? _app;

    public Uri Url { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        _app = builder.Build();
        _app.Use(RequireKey);
        MapRoutes(_app);
        await _app.StartAsync();
        Url = new Uri(_app.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private void MapRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/resources", () => TypedResults.Ok(new { applicationName = "CallSid", resources = Snapshots() }));
        app.MapGet("/resources/watch", (CancellationToken token) => TypedResults.ServerSentEvents(WatchAsync(token)));
        app.MapGet("/resources/{name}/console", (string name, long? after) => catalog.Find(name) is { } entry
            ? Results.Ok(ConsolePage(entry, after ?? 0))
            : NotFound(name));
        app.MapGet("/resources/{name}/console/watch", (string name, long? after, CancellationToken token) => catalog.Find(name) is { } entry
            ? TypedResults.ServerSentEvents(FollowConsoleAsync(entry, after ?? 0, token))
            : NotFound(name));
        app.MapPost("/resources/{name}/commands/{command}", RunCommand);
    }

    private List<ResourceSnapshot> Snapshots() => catalog.Entries().Select(entry => entry.Snapshot()).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>
    /// A snapshot, then each changed resource. Changes are coalesced per resource until the follower reads them, so a
    /// follower that stalls costs one pending entry per resource, not a queue that grows.
    /// </summary>
    private async IAsyncEnumerable<ResourceWatchEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new ConcurrentDictionary<string, ResourceEntry>(StringComparer.Ordinal);
        var wake = WakeUpSignal();
        void OnChanged(ResourceEntry entry)
        {
            pending[entry.Name] = entry;
            wake.Writer.TryWrite(true);
        }

        catalog.Changed += OnChanged;
        try
        {
            yield return new ResourceWatchEvent("snapshot", Snapshots(), null);
            while (await wake.Reader.WaitToReadAsync(cancellationToken) && wake.Reader.TryRead(out _))
            {
                foreach (var name in pending.Keys)
                {
                    if (pending.TryRemove(name, out var entry))
                    {
                        yield return new ResourceWatchEvent("upsert", null, entry.Snapshot());
                    }
                }
            }
        }
        finally
        {
            catalog.Changed -= OnChanged;
        }
    }

    private static object ConsolePage(ResourceEntry entry, long after)
    {
        var lines = entry.Status.Console.Read(after, MaxConsoleLines);
        return new { lines, next = lines.Count > 0 ? lines[^1].Sequence : after };
    }

    /// <summary>
    /// The lines after <paramref name="after"/>, then each new one, read from the resource's own bounded console log: a
    /// follower that falls behind by more than the log keeps loses the oldest lines instead of growing a queue.
    /// </summary>
    private static async IAsyncEnumerable<ConsoleLine> FollowConsoleAsync(ResourceEntry entry, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wake = WakeUpSignal();
        void OnLine(ConsoleLine line) => wake.Writer.TryWrite(true);
        entry.Status.Console.LineAdded += OnLine;
        try
        {
            while (true)
            {
                // Listening before reading: a line added in between leaves a wake-up behind, so none is missed.
                var lines = entry.Status.Console.Read(after, MaxConsoleLines);
                foreach (var line in lines)
                {
                    after = line.Sequence;
                    yield return line;
                }

                if (lines.Count < MaxConsoleLines)
                {
                    await wake.Reader.ReadAsync(cancellationToken);
                }
            }
        }
        finally
        {
            entry.Status.Console.LineAdded -= OnLine;
        }
    }

    /// <summary>At most one wake-up waiting: any number of changes before the follower reads wake it once.</summary>
    private static Channel<bool> WakeUpSignal() =>
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Checked at once (404, 409); the command itself runs on, so a restart's wait for health blocks no caller.</summary>
    private IResult RunCommand(string name, string command)
    {
        if (catalog.Find(name) is not { } entry)
        {
            return NotFound(name);
        }

        var state = entry.Status.State;
        Func<Task>? run = (entry.Instance, command) switch
        {
            (null, _) => null,
            (_, "stop") when state is not (ResourceState.Stopped or ResourceState.Stopping) => entry.Instance.StopCommandAsync,
            (_, "start") when state is ResourceState.Stopped or ResourceState.Failed => entry.Instance.StartCommandAsync,
            (_, "restart") when state is not (ResourceState.Stopping or ResourceState.Starting) => entry.Instance.RestartCommandAsync,
            _ => null,
        };
        if (run is null || !entry.Snapshot().Commands.Contains(command))
        {
            return Results.Json(
                new { status = "error", message = $"{name} cannot {command} now (it is {state.ToString().ToLowerInvariant()})" },
                statusCode: StatusCodes.Status409Conflict);
        }

        output.Info($"{name}: {command} requested from the dashboard");
        _ = Task.Run(async () =>
        {
            try
            {
                await run();
            }
            catch (Exception e)
            {
                output.Info($"{name}: {command} failed: {e.Message.Split(Environment.NewLine)[0]}");
            }
        });
        return Results.Ok(new { status = "accepted", message = $"{command} of {name} started" });
    }

    private static IResult NotFound(string name) =>
        Results.Json(new { status = "error", message = $"No resource named {name}" }, statusCode: StatusCodes.Status404NotFound);

    private Task RequireKey(HttpContext context, RequestDelegate next)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Headers[ApiKeyHeader].ToString()));
        if (CryptographicOperations.FixedTimeEquals(presented, _expectedKey))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return context.Response.WriteAsJsonAsync(new { status = "error", message = $"Missing or wrong {ApiKeyHeader}" });
    }
}
