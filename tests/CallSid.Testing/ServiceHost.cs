using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallSid.Testing;

/// <summary>
/// One of our services running its real Program on Kestrel, on a free loopback port: tests and other services reach
/// it over real HTTP. Settings are applied as configuration (the same keys as environment variables use).
/// </summary>
public sealed class ServiceHost<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    /// <param name="port">0 for a free port; a fixed one when others must know the address first, or to start the service again there.</param>
    public ServiceHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null, int port = 0)
    {
        _settings = settings;
        _configureServices = configureServices;
        // Not UseKestrel(0): that rewrites the server's addresses after the Program has built its host, racing the
        // Program's own app.Run() (which starts Kestrel on another thread). A listen endpoint in Kestrel's options
        // is in place before anything starts.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    }

    /// <summary>Every log line the service wrote (filtered by its Logging settings, which tests may lower).</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The real address Kestrel listens on (starts the service on first use).</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    public T GetService<T>() where T : notnull
    {
        StartServer();
        return Services.GetRequiredService<T>();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }
}
