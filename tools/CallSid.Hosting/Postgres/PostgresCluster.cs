using System.Diagnostics;
using CallSid.Hosting.Processes;

namespace CallSid.Hosting.Postgres;

/// <summary>
/// A PostgreSQL cluster's set-up on disk: the server binaries, <c>initdb</c> on first use, and whatever server a
/// <c>postmaster.pid</c> says runs on the data directory. <see cref="PostgresServer"/> runs the server on it.
/// </summary>
public sealed class PostgresCluster
{
    public const string Superuser = "postgres";

    private readonly PostgresServerOptions _options;

    public PostgresCluster(PostgresServerOptions options)
    {
        _options = options;
        BinDirectory = FindBinDirectory(options.BinDirectory);
        RunAs = Posix.IsRoot ? options.ServiceUser : null;
    }

    public string BinDirectory { get; }

    /// <summary>The user the server's programs run as when we are root (they refuse root); null otherwise.</summary>
    public string? RunAs { get; }

    public string DataDirectory => _options.DataDirectory;

    public bool IsInitialized => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

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

    /// <summary>Runs initdb unless the data directory already holds a cluster.</summary>
    public async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (IsInitialized)
        {
            return;
        }

        Directory.CreateDirectory(DataDirectory);
        if (RunAs is not null)
        {
            await RunAsync("chown", [$"{RunAs}:", DataDirectory], runAs: null, cancellationToken);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var arguments = new List<string> { "-D", DataDirectory, "-U", Superuser, "-E", "UTF8", "--locale=C" };
        string? passwordFile = null;
        if (_options.Password is null)
        {
            arguments.Add("--auth=trust");
        }
        else
        {
            // initdb reads the password from a file, so it never appears in a process list.
            passwordFile = Path.Combine(DataDirectory, "..", $".pwfile-{Guid.NewGuid():N}");
            await SecretFile.WriteAsync(passwordFile, _options.Password, cancellationToken);
            if (RunAs is not null)
            {
                await RunAsync("chown", [$"{RunAs}:", passwordFile], runAs: null, cancellationToken);
            }

            arguments.AddRange(["--auth=scram-sha-256", $"--pwfile={passwordFile}"]);
        }

        if (!_options.Durable)
        {
            arguments.Add("--no-sync");
        }

        try
        {
            await RunAsync(Path.Combine(BinDirectory, "initdb"), arguments, RunAs, cancellationToken);
        }
        catch (PostgresStartException e) when (RunAs is not null && e.Message.Contains("Permission denied", StringComparison.Ordinal))
        {
            throw new PostgresStartException(
                $"initdb runs as the '{RunAs}' user because this process is root, and that user cannot reach {DataDirectory}; " +
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
    /// The postmaster running on this data directory, by its <c>postmaster.pid</c>: ours, one left by an earlier run, or
    /// one restarted behind our back (<c>pg_ctl restart</c>). Null when none runs.
    /// </summary>
    public int? RunningPostmaster()
    {
        var pid = PostmasterPidFromFile();
        return pid is { } candidate && Posix.IsAlive(candidate) && IsPostmasterOf(candidate) ? candidate : null;
    }

    /// <summary>
    /// Stops whatever server runs on this data directory (fast shutdown, then immediate, then SIGKILL), so the next
    /// start is not blocked. A <c>postmaster.pid</c> naming a process that is alive but is not this cluster's postmaster
    /// (its pid was reused, after a reboot) is removed: PostgreSQL would take it for a running server. One naming a dead
    /// process is left alone: PostgreSQL replaces it itself, after checking that no orphaned backend of a killed
    /// postmaster still uses the cluster's shared memory, a check that deleting the file would defeat.
    /// </summary>
    public async Task StopRunningServerAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (RunningPostmaster() is { } pid)
        {
            _options.Log?.Invoke($"stopping the PostgreSQL server (pid {pid}) running on {DataDirectory}");
            await StopPostmasterAsync(pid, timeout, cancellationToken);
        }
        else if (PostmasterPidFromFile() is { } stale && Posix.IsAlive(stale))
        {
            _options.Log?.Invoke($"removing a stale postmaster.pid (pid {stale} is another program now)");
            File.Delete(PidFile);
        }
    }

    /// <summary>Runs <paramref name="fileName"/> as the cluster's user; every line it writes goes to <paramref name="onLine"/>.</summary>
    internal Process StartProcess(string fileName, IEnumerable<string> arguments, Action<string> onLine, string? runAs)
    {
        var start = ChildProcess.Describe(fileName, arguments);
        if (runAs is not null)
        {
            start.UserName = runAs;
        }

        return ChildProcess.Start(start, onLine);
    }

    internal Process StartProcess(string fileName, IEnumerable<string> arguments, Action<string> onLine) =>
        StartProcess(fileName, arguments, onLine, RunAs);

    private string PidFile => Path.Combine(DataDirectory, "postmaster.pid");

    private int? PostmasterPidFromFile()
    {
        try
        {
            return File.Exists(PidFile) && int.TryParse(File.ReadLines(PidFile).FirstOrDefault(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL; a stuck server must not keep us waiting.</summary>
    private static async Task StopPostmasterAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var (signal, wait) in new[] { (Posix.SigInt, timeout), (Posix.SigQuit, TimeSpan.FromSeconds(5)), (Posix.SigKill, TimeSpan.FromSeconds(5)) })
        {
            Posix.Signal(pid, signal);
            try
            {
                await Readiness.WaitAsync(() => Posix.IsAlive(pid) ? "still running" : null, wait, TimeSpan.FromMilliseconds(50), cancellationToken);
                return;
            }
            catch (TimeoutException)
            {
                // on to the next, harder signal
            }
        }
    }

    /// <summary>
    /// Only a postgres started on this very data directory (<c>-D {dir}</c>) is ours to stop: after a reboot the pid
    /// in a stale file may belong to anything, another cluster included.
    /// </summary>
    private bool IsPostmasterOf(int pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            var dataArgument = Array.IndexOf(arguments, "-D");
            return Path.GetFileName(arguments[0]) == "postgres"
                && dataArgument >= 0 && dataArgument + 1 < arguments.Length
                && Path.GetFullPath(arguments[dataArgument + 1]) == Path.GetFullPath(DataDirectory);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task RunAsync(string fileName, IEnumerable<string> arguments, string? runAs, CancellationToken cancellationToken)
    {
        var output = new List<string>();
        using var process = StartProcess(fileName, arguments, line => { lock (output) output.Add(line); }, runAs);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            lock (output)
            {
                throw new PostgresStartException($"{Path.GetFileName(fileName)} failed (exit code {process.ExitCode}): {string.Join(" | ", output.TakeLast(8))}");
            }
        }
    }
}
