using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallSid.Testing;

/// <summary>
/// A real Kestrel server on loopback whose one endpoint the test scripts, counting every request it receives: a
/// dependency that fails on demand, or a backend that records what reached it.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LocalServer(WebApplication app) => _app = app;

    public int Requests => Volatile.Read(ref _requests);

    public Uri Address => new(_app.Urls.First());

    public static async Task<LocalServer> StartAsync(Func<int, HttpContext, Task> handle, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LocalServer? server = null;
        app.Run(context => handle(Interlocked.Increment(ref server!._requests), context));
        server = new LocalServer(app);
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
