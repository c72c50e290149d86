using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CallSid.AppHost.LocalPostgres;

/// <summary>
/// A PostgreSQL cluster on local disk: where the server binaries are, <c>initdb</c> on first use, and stopping a server
/// an earlier run left behind. Compiled into the tests' helpers too, so internal and needing nothing but the BCL.
/// </summary>
internal sealed class LocalPostgresCluster(string dataDirectory, string binDirectory)
{
    public const string Superuser = "postgres";

    // initdb and postgres refuse to run as root; as root they run as this user.
    public const string ServiceUser = "postgres";

    public string DataDirectory { get; } = dataDirectory;

    public string BinDirectory { get; } = binDirectory;

    public static bool IsRoot => !OperatingSystem.IsWindows() && geteuid() == 0;

    public bool IsInitialized => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

    /// <summary>The configured directory, else PATH, else the newest /usr/lib/postgresql/*/bin; null when none has the server.</summary>
    public static string? FindBinDirectory(string? configured)
    {
        IEnumerable<string> candidates = !string.IsNullOrEmpty(configured)
            ? [configured]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Concat(Directory.Exists("/usr/lib/postgresql")
                    ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                    : []);
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")));
    }

    /// <summary>The program and leading arguments that run <c>postgres</c>: as root through setpriv, which execs in place so signals reach PostgreSQL itself.</summary>
    public (string FileName, string[] Arguments) ServerCommand() => IsRoot
        ? ("setpriv", [$"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--", Path.Combine(BinDirectory, "postgres")])
        : (Path.Combine(BinDirectory, "postgres"), []);

    /// <summary>Runs initdb unless the data directory holds a cluster already; a null password means trust authentication.</summary>
    public async Task InitializeAsync(string? password, bool durable, CancellationToken cancellationToken)
    {
        if (IsInitialized)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("A local PostgreSQL cluster runs on Linux and macOS.");
        }

        Directory.CreateDirectory(DataDirectory);
        File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (IsRoot)
        {
            await RunAsync("chown", [$"{ServiceUser}:", DataDirectory], cancellationToken);
        }

        List<string> arguments = [Path.Combine(BinDirectory, "initdb"), "-D", DataDirectory, "-U", Superuser, "-E", "UTF8", "--locale=C"];
        arguments.AddRange(durable ? [] : ["--no-sync"]);
        // initdb reads the password from a file, so it never shows in a process list.
        var passwordFile = password is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(DataDirectory))!, $".pwfile-{Guid.NewGuid():N}");
        try
        {
            if (passwordFile is not null)
            {
                await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
                if (IsRoot)
                {
                    await RunAsync("chown", [$"{ServiceUser}:", passwordFile], cancellationToken);
                }
            }

            arguments.AddRange(passwordFile is null ? ["--auth=trust"] : ["--auth=scram-sha-256", $"--pwfile={passwordFile}"]);
            await (IsRoot ? RunAsync("runuser", ["-u", ServiceUser, "--", .. arguments], cancellationToken) : RunAsync(arguments[0], arguments[1..], cancellationToken));
        }
        finally
        {
            if (passwordFile is not null)
            {
                File.Delete(passwordFile);
            }
        }
    }

    /// <summary>Stops a server an earlier, killed run left on this data directory (fast, immediate, then SIGKILL); a stale postmaster.pid goes.</summary>
    public async Task StopLeftoverServerAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) || !IsAlive(pid))
        {
            return; // none, or a dead one: PostgreSQL replaces the file itself after its own shared-memory checks
        }

        if (!IsPostmasterOf(pid))
        {
            log($"removing a stale postmaster.pid (pid {pid} is another program now)");
            File.Delete(pidFile);
            return;
        }

        log($"stopping the PostgreSQL server (pid {pid}) an earlier run left on {DataDirectory}");
        foreach (var (signal, seconds) in new[] { (2, 30), (3, 5), (9, 5) })
        {
            kill(pid, signal);
            for (var waited = 0; waited < seconds * 20 && IsAlive(pid); waited++)
            {
                await Task.Delay(50, cancellationToken);
            }

            if (!IsAlive(pid))
            {
                break;
            }
        }
    }

    private static bool IsAlive(int pid) => kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1; // EPERM: alive, not ours

    /// <summary>Only a postgres started on this very data directory is ours to stop: after a reboot the pid may be anything.</summary>
    private bool IsPostmasterOf(int pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            var data = Array.IndexOf(arguments, "-D");
            return Path.GetFileName(arguments[0]) == "postgres" && data >= 0 && data + 1 < arguments.Length
                && Path.GetFullPath(arguments[data + 1]) == Path.GetFullPath(DataDirectory);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var lines = ((await output) + (await errors)).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(8);
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} failed (exit code {process.ExitCode}): {string.Join(" | ", lines)}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern uint geteuid();
}
