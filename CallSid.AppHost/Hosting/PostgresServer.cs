using System.Diagnostics;
using Npgsql;

namespace CallSid.AppHost.Hosting;

public sealed record PostgresServerOptions
{
    /// <summary>The cluster's data directory; initialised on first start, reused afterwards.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Loopback TCP port. The server listens on 127.0.0.1 only and opens no Unix socket.</summary>
    public required int Port { get; init; }

    /// <summary>Where initdb and postgres live; null searches PATH and /usr/lib/postgresql/*/bin.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>Superuser password, set at initdb. Null means trust authentication (throwaway test clusters).</summary>
    public string? Password { get; init; }

    /// <summary>Throwaway clusters skip fsync: much faster, and nothing is lost that a test cares about.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>initdb and postgres refuse to run as root; as root they run as this user.</summary>
    public string ServiceUser { get; init; } = "postgres";

    /// <summary>Deletes the data directory on stop, and the watchdog deletes it if this process dies first.</summary>
    public bool DeleteDataDirectoryOnStop { get; init; }

    public Action<string>? Log { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>Required PostgreSQL server binaries are missing.</summary>
public sealed class PostgresNotInstalledException(string message) : Exception(message);

/// <summary>The server could not start; the message carries the reason and the server's last log lines.</summary>
public sealed class PostgresStartException(string message) : Exception(message);

/// <summary>
/// A private PostgreSQL cluster run from the local server binaries: initdb on first use, then the postmaster as our
/// child process (as the <c>postgres</c> user when we are root), stopped with a fast shutdown. Used by the AppHost
/// (a persistent cluster, like a named volume) and by the tests (a throwaway cluster per test assembly).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Superuser = "postgres";

    private readonly PostgresServerOptions _options;
    private readonly Process _process;
    private readonly RecentLines _recentLog;
    private int _stopped;

    private PostgresServer(PostgresServerOptions options, Process process, RecentLines recentLog)
    {
        _options = options;
        _process = process;
        _recentLog = recentLog;
    }

    public int Port => _options.Port;

    public int ProcessId => _process.Id;

    public string DataDirectory => _options.DataDirectory;

    public string GetConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _options.Port,
        Username = Superuser,
        Password = _options.Password,
        Database = database,
    }.ConnectionString;

    public static string FindBinDirectory(string? configured = null)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(configured))
        {
            candidates.Add(configured);
        }
        else
        {
            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries));
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
            }
        }

        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")))
            ?? throw new PostgresNotInstalledException(
                "PostgreSQL server binaries (initdb, postgres) not found " +
                (string.IsNullOrEmpty(configured) ? "on PATH or in /usr/lib/postgresql/*/bin" : $"in {configured}") +
                "; install them (Debian/Ubuntu: apt-get install postgresql) or point the PostgreSQL bin directory setting at them.");
    }

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory(options.BinDirectory);
        var runAs = Posix.IsRoot ? options.ServiceUser : null;

        if (!File.Exists(Path.Combine(options.DataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(bin, runAs, options, cancellationToken);
        }
        else
        {
            await ClearStaleServerAsync(options, cancellationToken);
        }

        if (!PortAllocator.IsFree(options.Port))
        {
            throw new PostgresStartException($"Port {options.Port} is already in use, so PostgreSQL cannot listen on it; free it or choose another port.");
        }

        var arguments = new List<string>
        {
            "-D", options.DataDirectory,
            "-p", options.Port.ToString(),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
        };
        if (!options.Durable)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        var recentLog = new RecentLines(8);
        var process = StartProcess(Path.Combine(bin, "postgres"), arguments, runAs, line =>
        {
            recentLog.Add(line);
            options.Log?.Invoke(line);
        });
        ProcessWatchdog.Guard(process.Id, Posix.SigInt, options.DeleteDataDirectoryOnStop ? options.DataDirectory : null);

        var server = new PostgresServer(options, process, recentLog);
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.StopAsync();
            throw;
        }
    }

    /// <summary>Creates <paramref name="database"/> unless it exists, optionally as a copy of <paramref name="template"/>.</summary>
    public async Task CreateDatabaseAsync(string database, string? template = null, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(GetConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        var sql = $"CREATE DATABASE {QuoteIdentifier(database)}" + (template is null ? string.Empty : $" TEMPLATE {QuoteIdentifier(template)}");
        await using var create = new NpgsqlCommand(sql, connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Fast shutdown (SIGINT): open transactions roll back, then the server exits cleanly.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Posix.Signal(_process.Id, Posix.SigInt);
            using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // Immediate shutdown, then the hard way; a stuck server must not keep the caller from exiting.
                Posix.Signal(_process.Id, Posix.SigQuit);
                if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }

        _process.Dispose();
        if (_options.DeleteDataDirectoryOnStop && Directory.Exists(_options.DataDirectory))
        {
            Directory.Delete(_options.DataDirectory, recursive: true);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(GetConnectionString("postgres")) { Pooling = false, Timeout = 2 }.ConnectionString;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new PostgresStartException($"PostgreSQL exited during start-up (exit code {_process.ExitCode}): {RecentLog()}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (clock.Elapsed < _options.StartTimeout)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                throw new PostgresStartException($"PostgreSQL did not accept connections within {_options.StartTimeout.TotalSeconds:0} s ({e.Message}): {RecentLog()}");
            }
        }
    }

    private string RecentLog() => _recentLog.Join(" | ");

    private static async Task InitializeAsync(string bin, string? runAs, PostgresServerOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.DataDirectory);
        if (runAs is not null)
        {
            await RunAsync("chown", [$"{runAs}:", options.DataDirectory], runAs: null, cancellationToken);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(options.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var arguments = new List<string> { "-D", options.DataDirectory, "-U", Superuser, "-E", "UTF8", "--locale=C" };
        string? passwordFile = null;
        if (options.Password is null)
        {
            arguments.Add("--auth=trust");
        }
        else
        {
            // initdb reads the password from a file, so it never appears in a process list.
            passwordFile = Path.Combine(options.DataDirectory, "..", $".pwfile-{Guid.NewGuid():N}");
            await SecretFile.WriteAsync(passwordFile, options.Password, cancellationToken);
            if (runAs is not null)
            {
                await RunAsync("chown", [$"{runAs}:", passwordFile], runAs: null, cancellationToken);
            }

            arguments.AddRange(["--auth=scram-sha-256", $"--pwfile={passwordFile}"]);
        }

        if (!options.Durable)
        {
            arguments.Add("--no-sync");
        }

        try
        {
            await RunAsync(Path.Combine(bin, "initdb"), arguments, runAs, cancellationToken);
        }
        catch (PostgresStartException e) when (runAs is not null && e.Message.Contains("Permission denied", StringComparison.Ordinal))
        {
            throw new PostgresStartException(
                $"initdb runs as the '{runAs}' user because this process is root, and that user cannot reach {options.DataDirectory}; " +
                $"choose a data directory under a path it can enter (for example /var/tmp). {e.Message}");
        }
        finally
        {
            if (passwordFile is not null)
            {
                File.Delete(passwordFile);
            }
        }
    }

    /// <summary>
    /// A postmaster.pid left by a server that is gone would block the next start; one whose server still runs
    /// (an earlier run killed before it could stop it) gets a fast shutdown first.
    /// </summary>
    private static async Task ClearStaleServerAsync(PostgresServerOptions options, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(options.DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse((await File.ReadAllLinesAsync(pidFile, cancellationToken)).FirstOrDefault(), out var pid))
        {
            return;
        }

        if (Posix.IsAlive(pid) && IsPostmasterOf(pid, options.DataDirectory))
        {
            options.Log?.Invoke($"stopping a PostgreSQL server (pid {pid}) left running on this data directory by an earlier run");
            Posix.Signal(pid, Posix.SigInt);
            var clock = Stopwatch.StartNew();
            while (Posix.IsAlive(pid) && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100, cancellationToken);
            }
        }
        else
        {
            options.Log?.Invoke($"removing a stale postmaster.pid (pid {pid} is not running)");
            File.Delete(pidFile);
        }
    }

    /// <summary>
    /// Only a postgres started on this very data directory (<c>-D {dir}</c>) is ours to stop: after a reboot the pid
    /// in a stale file may belong to anything, another cluster included.
    /// </summary>
    private static bool IsPostmasterOf(int pid, string dataDirectory)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            var dataArgument = Array.IndexOf(arguments, "-D");
            return Path.GetFileName(arguments[0]) == "postgres"
                && dataArgument >= 0 && dataArgument + 1 < arguments.Length
                && Path.GetFullPath(arguments[dataArgument + 1]) == Path.GetFullPath(dataDirectory);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static Process StartProcess(string fileName, IEnumerable<string> arguments, string? runAs, Action<string> onOutput)
    {
        var start = ChildProcess.Describe(fileName, arguments);
        if (runAs is not null)
        {
            start.UserName = runAs;
        }

        return ChildProcess.Start(start, onOutput);
    }

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments, string? runAs, CancellationToken cancellationToken)
    {
        var output = new List<string>();
        using var process = StartProcess(fileName, arguments, runAs, line => { lock (output) output.Add(line); });
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            lock (output)
            {
                throw new PostgresStartException($"{Path.GetFileName(fileName)} failed (exit code {process.ExitCode}): {string.Join(" | ", output.TakeLast(8))}");
            }
        }
    }

    private static string QuoteIdentifier(string identifier) => new NpgsqlCommandBuilder().QuoteIdentifier(identifier);
}
