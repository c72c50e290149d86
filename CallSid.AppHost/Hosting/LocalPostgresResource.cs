using System.Security.Cryptography;
using CallSid.Hosting.Postgres;
using CallSid.Hosting.Processes;

namespace CallSid.AppHost.Hosting;

/// <summary>
/// A private PostgreSQL cluster run from the local server binaries (Aspire runs a container; we have no Docker):
/// created on first run, its data kept across runs like a named volume, loopback only, with a generated password kept
/// beside the data.
/// </summary>
public sealed class LocalPostgresResource(string name, int port) : Resource(name)
{
    private PostgresServer? _server;

    public int Port { get; } = port;

    public string DataDirectory { get; internal set; } = Path.Combine(Path.GetTempPath(), $"callsid-{name}");

    public string? BinDirectory { get; internal set; }

    internal PostgresServer Server => _server ?? throw new InvalidOperationException($"{Name} has not started.");

    internal override IEnumerable<int> Ports => [Port];

    internal override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        _server = await PostgresServer.StartAsync(
            new PostgresServerOptions
            {
                DataDirectory = DataDirectory,
                Port = Port,
                BinDirectory = BinDirectory,
                Password = await LoadOrCreatePasswordAsync(cancellationToken),
                Log = line => context.Output.Line(Name, line),
            },
            cancellationToken);
        State = ResourceState.Running;
        Detail = $"127.0.0.1:{Port}, data in {DataDirectory}";
    }

    internal override async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
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
    /// pass through it), and never a symbolic link someone planted in a shared place such as /var/tmp.
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
    }
}
