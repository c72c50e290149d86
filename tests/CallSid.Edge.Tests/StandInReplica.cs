using CallSid.Testing;
using Microsoft.AspNetCore.Http;

namespace CallSid.Edge.Tests;

/// <summary>
/// One replica of a backend behind the edge: a real server that answers every delivery 201 and counts it, and answers
/// the edge's health probes 200, or 503 while <see cref="Unhealthy"/> (the database lost, still warming up).
/// </summary>
public sealed class StandInReplica : IAsyncDisposable
{
    private LocalServer? _server;
    private int _deliveries;
    private int _probes;

    public bool Unhealthy { get; set; }

    public int Deliveries => Volatile.Read(ref _deliveries);

    public int HealthProbes => Volatile.Read(ref _probes);

    public Uri Address => _server!.Address;

    public static async Task<StandInReplica> StartAsync()
    {
        var replica = new StandInReplica();
        replica._server = await LocalServer.StartAsync((_, context) => replica.AnswerAsync(context));
        return replica;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    private Task AnswerAsync(HttpContext context)
    {
        if (context.Request.Path == "/health")
        {
            Interlocked.Increment(ref _probes);
            context.Response.StatusCode = Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        }

        Interlocked.Increment(ref _deliveries);
        context.Response.StatusCode = StatusCodes.Status201Created;
        return context.Response.WriteAsync("""{"status":"success"}""");
    }
}
