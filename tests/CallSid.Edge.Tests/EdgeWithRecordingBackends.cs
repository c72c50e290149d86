using System.Collections.Concurrent;
using CallSid.Testing;
using Microsoft.AspNetCore.Http;

namespace CallSid.Edge.Tests;

/// <summary>The real edge (YARP) in front of two recording servers standing in for Transcripts and Calls.</summary>
public sealed class EdgeWithRecordingBackends : IAsyncLifetime
{
    public const string TranscriptionToken = "turn-token-1b7f0c";
    public const string PostCallSecret = "wsec_test_5c2e9a44d1";

    private LocalServer _transcripts = null!;
    private LocalServer _calls = null!;

    public ConcurrentQueue<ForwardedRequest> Forwarded { get; } = new();

    public ServiceHost<EdgeEntryPoint> Edge { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _transcripts = await LocalServer.StartAsync((_, context) => RecordAsync("transcripts", context));
        _calls = await LocalServer.StartAsync((_, context) => RecordAsync("calls", context));
        Edge = new ServiceHost<EdgeEntryPoint>(Settings());
        _ = Edge.BaseAddress;
    }

    public Dictionary<string, string?> Settings() => new()
    {
        ["services:transcripts:http:0"] = _transcripts.Address.ToString(),
        ["services:calls:http:0"] = _calls.Address.ToString(),
        ["Webhooks:TranscriptionToken"] = TranscriptionToken,
        ["Webhooks:PostCallSecret"] = PostCallSecret,
        // The tests of refusals send many bad credentials from loopback; the limit on those has tests of its own.
        ["Edge:FailedAuthenticationLimit"] = "100000",
    };

    public async ValueTask DisposeAsync()
    {
        await Edge.DisposeAsync();
        await _transcripts.DisposeAsync();
        await _calls.DisposeAsync();
    }

    private async Task RecordAsync(string service, HttpContext context)
    {
        // The edge's active health checks: a real service answers them itself; they are not deliveries.
        if (context.Request.Path == "/health")
        {
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Forwarded.Enqueue(new ForwardedRequest(
            service,
            context.Request.Method,
            context.Request.Path.Value!,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new { status = "success", service });
    }
}
