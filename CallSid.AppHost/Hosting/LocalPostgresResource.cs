using System.Security.Cryptography;
using CallSid.Hosting.Postgres;
using CallSid.Hosting.Processes;

namespace CallSid.AppHost.Hosting;

/// <summary>
/// A private PostgreSQL cluster run from the local server binaries (Aspire runs a container; we have no Docker):
/// created on first run, its data kept across runs like a named volume, loopback only, with a generated password kept
/// beside the data. Supervised like the services: a server that dies is started again (PostgreSQL recovers from its
/// write-ahead log), and one restarted behind the AppHost's back is recognised by its data directory and kept.
/// </summary>
public sealed class LocalPostgresResource(string name, int port) : Resource(name)
{
    private PostgresServer? _server;
    private Task _supervision = Task.CompletedTask;
    private volatile bool _stopping;

    /// <summary>How long an exited server's data directory is watched for a postmaster someone else started.</summary>
    private static readonly TimeSpan AdoptionGrace = TimeSpan.FromSeconds(3);

    public override string Type => "PostgresServer";

    public int Port { get; } = port;

    public string DataDirectory { get; internal set; } = Path.Combine(Path.GetTempPath(), $"callsid-{name}");

    public string? BinDirectory { get; internal set; }

    internal PostgresServer Server => _server ?? throw new InvalidOperationException($"{Name} has not started.");

    internal override IEnumerable<int> Ports => [Port];

    internal override IEnumerable<ResourceSnapshot> Snapshots() =>
        [ResourceSnapshot.Of(this, Name, Status, instanceId: null, endpoints: [new ResourceEndpoint("tcp", $"tcp://127.0.0.1:{Port}")], environment: [])];

    /// <summary>
    /// Stops a server an earlier AppHost left running on the data directory (it was killed, and the server was one
    /// started behind its back), so that the port check before start-up sees our port free.
    /// </summary>
    internal async Task StopLeftoverServerAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var cluster = new PostgresCluster(new PostgresServerOptions { DataDirectory = DataDirectory, Port = Port, BinDirectory = BinDirectory, Log = log });
        if (cluster.IsInitialized)
        {
            await cluster.StopRunningServerAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
    }

    internal override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var password = await LoadOrCreatePasswordAsync(cancellationToken);
        _server = await StartServerAsync(context, password, cancellationToken);
        _supervision = SuperviseAsync(context, password);
    }

    internal override async Task StopAsync()
    {
        _stopping = true;
        if (_server is not null)
        {
            await _server.StopAsync();
        }

        await _supervision;
    }

    private async Task<PostgresServer> StartServerAsync(ResourceContext context, string password, CancellationToken cancellationToken)
    {
        var server = await PostgresServer.StartAsync(
            new PostgresServerOptions
            {
                DataDirectory = DataDirectory,
                Port = Port,
                BinDirectory = BinDirectory,
                Password = password,
                Log = line =>
                {
                    Status.Console.Add(line, isError: false);
                    context.Output.Line(Name, line);
                },
            },
            cancellationToken);
        Status.Started(server.ProcessId, ResourceState.Running);
        Status.Health = ResourceHealth.Healthy;
        Detail = $"127.0.0.1:{Port}, data in {DataDirectory}";
        return server;
    }

    /// <summary>
    /// Waits for the server to go away: ours, and then any postmaster started on the data directory behind our back.
    /// Then starts it again after a back-off, for as long as the AppHost runs; the services reconnect on their own.
    /// </summary>
    private async Task SuperviseAsync(ResourceContext context, string password)
    {
        var backoff = new RestartBackoff(context.Supervision);
        backoff.Up();
        while (true)
        {
            await WaitUntilNoServerRunsAsync(context);
            if (_stopping || context.Shutdown.IsCancellationRequested)
            {
                return;
            }

            var delay = backoff.NextDelay();
            var exitCode = _server!.ExitCode;
            Status.Exited(exitCode ?? -1);
            Status.State = ResourceState.Restarting;
            Status.Detail = $"exited; restarting in {delay.TotalSeconds:0} s";
            context.Output.Info($"{Name} exited unexpectedly (exit code {exitCode}); restarting in {delay.TotalSeconds:0} s");
            try
            {
                await Task.Delay(delay, context.Shutdown);
                await _server.StopAsync(); // releases what is left of the old one
                Status.RestartCount++;
                _server = await StartServerAsync(context, password, context.Shutdown);
                backoff.Up();
                context.Output.Info($"{Name} is running again");
            }
            catch (OperationCanceledException) when (context.Shutdown.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Orphaned backends of a killed postmaster may hold its shared memory a moment longer, or the port may
                // still be taken: whatever it was, the old server has exited, so the next pass waits and tries again.
                Status.State = ResourceState.Restarting;
                Status.Detail = e.Message.Split(Environment.NewLine)[0];
                context.Output.Info($"{Name} did not start again: {e.Message}");
            }
        }
    }

    private async Task WaitUntilNoServerRunsAsync(ResourceContext context)
    {
        await _server!.Exited.WaitAsync(context.Shutdown).ContinueWith(_ => { }, TaskScheduler.Default);
        while (!_stopping && !context.Shutdown.IsCancellationRequested && await PostmasterAppearingAsync(context) is { } adopted)
        {
            Status.ProcessId = adopted;
            ProcessWatchdog.Guard(adopted, Posix.SigInt); // stopped with the AppHost even when the AppHost is killed
            Status.Detail = $"127.0.0.1:{Port}, pid {adopted} (restarted outside the AppHost; still stopped with it)";
            context.Output.Info($"{Name} was restarted outside the AppHost (pid {adopted}); keeping it");
            while (!_stopping && !context.Shutdown.IsCancellationRequested && _server.RunningPostmasterId == adopted)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), context.Shutdown).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// A postmaster started on the data directory by someone else within a few seconds (<c>pg_ctl restart</c> stops the
    /// old one before it starts the new one); null when none appears.
    /// </summary>
    private async Task<int?> PostmasterAppearingAsync(ResourceContext context)
    {
        for (var waited = TimeSpan.Zero; waited < AdoptionGrace && !context.Shutdown.IsCancellationRequested; waited += TimeSpan.FromMilliseconds(100))
        {
            if (_server!.RunningPostmasterId is { } pid)
            {
                return pid;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), context.Shutdown).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return null;
    }

    /// <summary>The superuser password is chosen once, with the cluster, and kept next to it (readable by us only).</summary>
    private async Task<string> LoadOrCreatePasswordAsync(CancellationToken cancellationToken)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(DataDirectory))!;
        PrepareRoot(root);
        var file = Path.Combine(root, $"{Name}.password");
        if (File.Exists(file))
        {
            return (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
        }

        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            throw new ResourceFailedException($"{file} is missing, so the existing cluster in {DataDirectory} cannot be reached; restore it or delete the data directory to start fresh.");
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await SecretFile.WriteAsync(file, password, cancellationToken);
        return password;
    }

    /// <summary>
    /// The directory holding the cluster and its password: ours alone (as root the <c>postgres</c> user may only
    /// pass through it), and never a symbolic link or a directory someone else created beforehand in a shared place
    /// such as /var/tmp (a password planted there would become the superuser's).
    /// </summary>
    private static void PrepareRoot(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (Posix.IsRoot)
        {
            mode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        }

        if (new DirectoryInfo(root).LinkTarget is not null)
        {
            throw new ResourceFailedException($"{root} is a symbolic link; refusing to keep the database there. Choose AppHost:DataDirectory.");
        }

        Directory.CreateDirectory(root, mode);
        var writableByOthers = (File.GetUnixFileMode(root) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;
        if (writableByOthers || Posix.OwnerOf(root) != Posix.EffectiveUserId)
        {
            throw new ResourceFailedException($"{root} belongs to another user or others may write to it; refusing to keep the database there. Choose AppHost:DataDirectory.");
        }
    }
}
