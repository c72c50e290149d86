using System.Diagnostics;
using CallSid.Testing;
using Npgsql;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// CallSid as a user runs it: the Release build's AppHost as a child process, on free ports, with its own PostgreSQL
/// cluster (fsync on) in a fresh data directory, the emulator standing in for ElevenLabs with playback off. Its output
/// goes to a log file (printed when start-up fails). Stopped with SIGTERM, as Ctrl+C would; a watchdog stops it if
/// this process dies first.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    public const string TranscriptionToken = "bench-token";

    private readonly Process _appHost;
    private readonly string _dataDirectory;

    private SystemUnderTest(Process appHost, string dataDirectory, string logFile, Dictionary<string, int> ports)
    {
        _appHost = appHost;
        _dataDirectory = dataDirectory;
        LogFile = logFile;
        Ports = ports;
    }

    public string LogFile { get; }

    public IReadOnlyDictionary<string, int> Ports { get; }

    public Uri Edge => new($"http://127.0.0.1:{Ports["Edge"]}");

    public Uri Transcripts => new($"http://127.0.0.1:{Ports["Transcripts"]}");

    public Uri Calls => new($"http://127.0.0.1:{Ports["Calls"]}");

    public Uri Emulator => new($"http://127.0.0.1:{Ports["Emulator"]}");

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The processes to account for, by role (edge, transcripts, calls, elevenlabs, postgres, apphost).</summary>
    public Dictionary<string, int> Processes { get; } = [];

    /// <param name="environment">Added to the AppHost's environment (and so to every service's), e.g. the OTLP endpoint.</param>
    /// <param name="dashboard">The AppHost's own Aspire dashboard on, every service exporting to it, as users run it.</param>
    public static async Task<SystemUnderTest> StartAsync(IReadOnlyDictionary<string, string> environment, string scratch, CancellationToken cancellationToken, bool dashboard = false)
    {
        var appHost = new Projects.CallSid_AppHost().AssemblyPath;
        if (!File.Exists(appHost))
        {
            throw new InvalidOperationException($"{appHost} does not exist; run the benchmark with -c Release (it builds the AppHost).");
        }

        // As root the cluster runs as the postgres user, who must be able to enter the data directory's parents.
        var dataDirectory = Path.Combine(Posix.IsRoot ? "/var/tmp" : scratch, $"callsid-bench-{Guid.NewGuid():N}"[..24]);
        var logFile = Path.Combine(scratch, $"apphost-{DateTime.UtcNow:HHmmss}.log");
        string[] names = ["Edge", "Calls", "Transcripts", "Emulator", "Postgres", .. dashboard ? ["Dashboard", "DashboardOtlp"] : Array.Empty<string>()];
        var ports = names.ToDictionary(name => name, _ => PortAllocator.GetFreePort());

        // The shell only redirects the AppHost's output to the log file, then becomes the AppHost (exec).
        // From its project directory, as `dotnet run` starts it: the AppHost reads appsettings.json from there.
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(new Projects.CallSid_AppHost().ProjectPath)!,
        };
        foreach (var argument in new[] { "-c", "exec \"$0\" \"$@\" >\"$BENCH_APPHOST_LOG\" 2>&1", DotnetHost.Path, appHost })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BENCH_APPHOST_LOG"] = logFile;
        start.Environment["AppHost__DataDirectory"] = dataDirectory;
        foreach (var (name, port) in ports)
        {
            start.Environment[$"AppHost__Ports__{name}"] = port.ToString();
        }

        start.Environment["Webhooks__TranscriptionToken"] = TranscriptionToken;
        start.Environment["Emulator__ConversationTurns"] = "0";
        // ElevenLabs takes a moment to accept a call; without it a dial would occupy no time and concurrency could not be seen.
        start.Environment["Emulator__ResponseDelay"] = "00:00:00.250";
        // Off unless asked for: then the benchmark alone decides where telemetry goes (nowhere, or its own collector).
        start.Environment["AppHost__Dashboard__Enabled"] = dashboard ? "true" : "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The AppHost did not start.");
        ProcessWatchdog.Guard(process.Id, Posix.SigTerm);
        var system = new SystemUnderTest(process, dataDirectory, logFile, ports);
        try
        {
            await system.WaitUntilReadyAsync(cancellationToken);
            system.FindProcesses();
            var password = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "postgres.password"), cancellationToken)).Trim();
            system.ConnectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = ports["Postgres"], Username = "postgres", Password = password, Database = "callsdb",
            }.ConnectionString;
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Fails when a service was restarted or died: its figures would be wrong.</summary>
    public void EnsureRunning()
    {
        foreach (var (role, pid) in Processes)
        {
            if (!ProcessTree.IsRunning(pid))
            {
                throw new InvalidOperationException($"{role} (pid {pid}) is no longer running; see {LogFile}.");
            }
        }
    }

    public string LogTail(int lines) => string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_appHost, Posix.SigTerm, TimeSpan.FromSeconds(30));
        _appHost.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Ready when the edge and the emulator answer their health checks (Aspire starts them last).</summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_appHost.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with code {_appHost.ExitCode}:{Environment.NewLine}{LogTail(30)}");
            }

            try
            {
                using var edge = await http.GetAsync(new Uri(Edge, "/health"), cancellationToken);
                using var emulator = await http.GetAsync(new Uri(Emulator, "/health"), cancellationToken);
                if (edge.IsSuccessStatusCode && emulator.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The AppHost was not ready within 3 minutes:{Environment.NewLine}{LogTail(30)}");
    }

    private void FindProcesses()
    {
        Processes["apphost"] = _appHost.Id;
        // DCP runs the processes, detached from the AppHost: this run's are those naming its data directory (PostgreSQL)
        // or its database port (the services); `dotnet run` launchers are left out.
        var marker = $"Port={Ports["Postgres"]};";
        foreach (var pid in Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var p) ? p : 0).Where(p => p > 0))
        {
            var commandLine = ProcessTree.CommandLine(pid);
            var ours = commandLine.Contains("postgres -D " + _dataDirectory, StringComparison.Ordinal)
                || ProcessTree.EnvironmentOf(pid).GetValueOrDefault("ConnectionStrings__callsdb", "").Contains(marker, StringComparison.Ordinal)
                || ProcessTree.EnvironmentOf(pid).GetValueOrDefault("services__calls__http__0", "").TrimEnd('/').EndsWith($":{Ports["Calls"]}", StringComparison.Ordinal);
            if (!ours || commandLine.Contains("--project", StringComparison.Ordinal))
            {
                continue;
            }

            var role = commandLine switch
            {
                _ when commandLine.Contains("CallSid.Edge", StringComparison.Ordinal) => "edge",
                _ when commandLine.Contains("CallSid.Transcripts", StringComparison.Ordinal) => "transcripts",
                _ when commandLine.Contains("CallSid.Calls", StringComparison.Ordinal) => "calls",
                _ when commandLine.Contains("CallSid.ElevenLabsEmulator", StringComparison.Ordinal) => "elevenlabs",
                _ when commandLine.Contains("postgres -D", StringComparison.Ordinal) => "postgres",
                _ => null,
            };
            if (role is not null && !Processes.ContainsKey(role))
            {
                Processes[role] = pid;
            }
        }

        foreach (var role in new[] { "edge", "transcripts", "calls", "postgres" })
        {
            if (!Processes.ContainsKey(role))
            {
                throw new InvalidOperationException($"No {role} process below the AppHost (pid {_appHost.Id}).");
            }
        }
    }
}
