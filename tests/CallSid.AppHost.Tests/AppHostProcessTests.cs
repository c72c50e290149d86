using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CallSid.Testing;

namespace CallSid.AppHost.Tests;

/// <summary>The AppHost as a process: one command runs the system, SIGTERM stops every process, bad set-ups get one clear line.</summary>
public sealed class AppHostProcessTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly AppHostProcess _run = new();

    [Fact]
    public async Task One_command_runs_the_system_SIGTERM_stops_every_process_and_the_next_run_finds_the_data()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        string callSid;
        await using (var first = _run.Start())
        {
            await _run.WaitUntilHealthyAsync(first, http);
            TestContext.Current.TestOutputHelper?.WriteLine($"dotnet run to healthy: {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Contains("Login to the dashboard at http://localhost:", first.Output, StringComparison.Ordinal);
            callSid = await _run.PlaceCallAsync(http, 401);
            Assert.NotEmpty(_run.ProcessesOfThisRun());

            Assert.Equal(0, await first.TerminateAsync(ExitTimeout));
            await Readiness.WaitAsync(() => _run.ProcessesOfThisRun() is { Count: > 0 } left ? $"still running: {string.Join(", ", left)}" : null,
                ExitTimeout, TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }

        await using var second = _run.Start();
        await _run.WaitUntilHealthyAsync(second, http);
        using var call = await http.GetAsync(new Uri(_run.Url("Calls"), $"/calls/{Uri.EscapeDataString(callSid)}"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
    }

    [Fact]
    public async Task A_port_in_use_is_refused_in_one_line_naming_the_setting()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        _run.Environment["AppHost__Ports__Edge"] = port.ToString();

        var output = await RefusedAsync();

        Assert.Contains($"Port {port} (AppHost:Ports:Edge) is already in use", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task Missing_PostgreSQL_binaries_are_refused_in_one_line_that_says_what_to_do()
    {
        _run.Environment["AppHost__PostgresBinDirectory"] = "/nonexistent/postgresql/bin";

        var output = await RefusedAsync();

        Assert.Contains("PostgreSQL server binaries (initdb, postgres) not found in /nonexistent/postgresql/bin", output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__callsdb", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ElevenLabs_key_without_the_webhook_secrets_is_refused()
    {
        _run.Environment["ElevenLabs__ApiKey"] = "sk_test";

        var output = await RefusedAsync();

        Assert.Contains("also set Webhooks:TranscriptionToken and Webhooks:PostCallSecret", output, StringComparison.Ordinal);
    }

    /// <summary>Starts the AppHost, which must refuse: exit code 1. Its output.</summary>
    private async Task<string> RefusedAsync()
    {
        await using var host = _run.Start();
        Assert.Equal(1, await host.WaitForExitAsync(ExitTimeout));
        return host.Output;
    }

    public void Dispose()
    {
        if (Directory.Exists(_run.DataDirectory))
        {
            Directory.Delete(_run.DataDirectory, recursive: true);
        }
    }
}
