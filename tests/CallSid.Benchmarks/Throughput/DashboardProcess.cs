using CallSid.Testing;
using System.Diagnostics;
using System.Net.Sockets;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// The SRE dashboard (tools/CallSid.Dashboard, Release build) as its own process, receiving OTLP/HTTP on a free port
/// without an API key (the AppHost hands services the endpoint and protocol, not headers). Stopped with SIGTERM; a
/// watchdog stops it if this process dies first.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private readonly Process _process;

    private DashboardProcess(Process process, Uri otlp)
    {
        _process = process;
        OtlpEndpoint = otlp;
    }

    public Uri OtlpEndpoint { get; }

    public int Pid => _process.Id;

    public static async Task<DashboardProcess> StartAsync(CancellationToken cancellationToken)
    {
        // The real Aspire dashboard the AppHost starts, run on its own as the OTLP sink (the SDK package holds it).
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var assembly = Directory.EnumerateFiles(Path.Combine(packages, "aspire.dashboard.sdk.linux-x64"), "Aspire.Dashboard", SearchOption.AllDirectories).Order().LastOrDefault()
            ?? throw new InvalidOperationException("The Aspire dashboard is not in the NuGet cache; build CallSid.AppHost first (it restores it).");

        var otlpPort = PortAllocator.GetFreePort();
        var start = ChildProcess.Describe(assembly, [], Path.GetDirectoryName(assembly));
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PortAllocator.GetFreePort()}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlpPort}";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment["Dashboard__Otlp__AuthMode"] = "Unsecured";
        start.Environment["Dashboard__Frontend__AuthMode"] = "Unsecured";
        var output = new RecentLines(30);
        var process = ChildProcess.Start(start, output.Add);
        ProcessWatchdog.Guard(process.Id, Posix.SigTerm);
        var dashboard = new DashboardProcess(process, new Uri($"http://127.0.0.1:{otlpPort}"));
        try
        {
            await Readiness.WaitAsync(
                async token =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"The dashboard exited with code {process.ExitCode}:{Environment.NewLine}{output.Join(Environment.NewLine)}");
                    }

                    try
                    {
                        using var probe = new TcpClient();
                        await probe.ConnectAsync("127.0.0.1", otlpPort, token);
                        return null;
                    }
                    catch (SocketException)
                    {
                        return $"The dashboard's OTLP port did not open within 30 s:{Environment.NewLine}{output.Join(Environment.NewLine)}";
                    }
                },
                TimeSpan.FromSeconds(30),
                TimeSpan.FromMilliseconds(100),
                cancellationToken);
            return dashboard;
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process, Posix.SigTerm, TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
