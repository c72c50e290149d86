using System.Runtime.Versioning;
using System.Security.Cryptography;
using CallSid.AppHost.LocalPostgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CallSid.AppHost.Extensions;

/// <summary>A local PostgreSQL server as an Aspire resource: initdb on first start, health-checked, its databases created when ready.</summary>
public static class LocalPostgresBuilderExtensions
{
    /// <param name="dataDirectory">Kept across runs like a named volume; its parent holds the generated password.</param>
    /// <param name="port">A fixed loopback port, or null for a free one.</param>
    /// <param name="durable">False for throwaway clusters: no fsync, much faster.</param>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder,
        string name, string dataDirectory, int? port = null, string? binDirectory = null, bool durable = true)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The local PostgreSQL resource runs on Linux and macOS; on Windows set ConnectionStrings__callsdb.");
        }

        var bin = LocalPostgresCluster.FindBinDirectory(binDirectory) ?? throw new InvalidOperationException(MissingBinariesMessage(binDirectory));
        var cluster = new LocalPostgresCluster(Path.GetFullPath(dataDirectory), bin);
        var parent = PrepareRoot(Path.GetDirectoryName(cluster.DataDirectory)!);
        var passwordValue = LoadOrCreatePassword(Path.Combine(parent, $"{name}.password"), cluster);
        var password = builder.AddParameter($"{name}-password", passwordValue, secret: true);
        var (command, prefix) = cluster.ServerCommand();
        var fixedPort = port ?? LoopbackPorts.Free();
        var tuning = durable ? [] : new[] { "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300" };
        string? connectionString = null;
        return builder.AddResource(new LocalPostgresServerResource(name, command, parent, password.Resource))
            .WithEndpoint(port: fixedPort, targetPort: fixedPort, scheme: "tcp", name: LocalPostgresServerResource.PrimaryEndpointName, isProxied: false)
            .WithArgs([.. prefix, "-D", cluster.DataDirectory, "-p", fixedPort.ToString(), "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=", .. tuning])
            .WithNpgsqlHealthCheck(() => connectionString)
            .ExcludeFromManifest()
            .OnConnectionStringAvailable(async (server, _, ct) => connectionString = await server.ConnectionStringExpression.GetValueAsync(ct))
            .OnBeforeResourceStarted(async (server, e, ct) => // again before every restart: both steps do nothing when there is nothing to do
            {
                var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
                await cluster.InitializeAsync(passwordValue, durable, ct);
                await cluster.StopLeftoverServerAsync(line => logger.LogInformation("{Line}", line), ct);
            })
            .OnResourceReady(async (server, _, ct) =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                foreach (var database in server.Databases.Values)
                {
                    await CreateDatabaseAsync(connection, database, ct);
                }
            });
    }

    /// <summary>A database on the server: created when the server is ready, healthy once it answers.</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases[name] = database.DatabaseName;
        string? connectionString = null;
        server.OnConnectionStringAvailable(async (_, _, ct) => connectionString = await database.ConnectionStringExpression.GetValueAsync(ct));
        return server.ApplicationBuilder.AddResource(database)
            .WithNpgsqlHealthCheck(() => connectionString)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", Properties = [], State = KnownResourceStates.NotStarted })
            .ExcludeFromManifest()
            // Aspire moves a child's state with its parent only for containers: mirror the server's state ourselves, or
            // the database's health checks never run and WaitFor(database) waits for ever.
            .OnInitializeResource((resource, e, ct) =>
            {
                _ = MirrorParentStateAsync(e.Notifications, resource, ct);
                return Task.CompletedTask;
            });
    }

    public static string MissingBinariesMessage(string? configured) =>
        "PostgreSQL server binaries (initdb, postgres) not found " +
        (string.IsNullOrEmpty(configured) ? "on PATH or in /usr/lib/postgresql/*/bin" : $"in {configured}") +
        "; install them (Debian/Ubuntu: apt-get install postgresql), set AppHost__PostgresBinDirectory, or use an existing database with ConnectionStrings__callsdb.";

    private static IResourceBuilder<T> WithNpgsqlHealthCheck<T>(this IResourceBuilder<T> resource, Func<string?> connectionString) where T : IResource
    {
        var name = resource.Resource.Name;
        resource.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(
            _ => connectionString() ?? throw new InvalidOperationException($"{name} has no connection string yet."), name: $"{name}_check");
        return resource.WithHealthCheck($"{name}_check");
    }

    private static async Task MirrorParentStateAsync(ResourceNotificationService notifications, LocalPostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        await foreach (var change in notifications.WatchAsync(cancellationToken).Where(change => change.Resource == database.Parent))
        {
            await notifications.PublishUpdateAsync(database, s => s with
            {
                State = change.Snapshot.State,
                StartTimeStamp = change.Snapshot.StartTimeStamp,
                StopTimeStamp = change.Snapshot.StopTimeStamp,
            });
        }
    }

    private static async Task CreateDatabaseAsync(NpgsqlConnection connection, string database, CancellationToken cancellationToken)
    {
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // kept from an earlier run
        }
    }

    /// <summary>The superuser's password, generated on first run and kept (owner-only) beside the data, since initdb sets it once.</summary>
    [UnsupportedOSPlatform("windows")]
    private static string LoadOrCreatePassword(string file, LocalPostgresCluster cluster)
    {
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        if (cluster.IsInitialized)
        {
            throw new InvalidOperationException($"{file} is missing, so the existing cluster in {cluster.DataDirectory} cannot be reached; restore it or delete the data directory to start fresh.");
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(file, password);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return password;
    }

    /// <summary>
    /// The directory holding the cluster and its password: ours alone (as root the postgres user may only pass through),
    /// never a symbolic link or a directory others may write to (a password planted there would become the superuser's).
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    private static string PrepareRoot(string root)
    {
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | (LocalPostgresCluster.IsRoot ? UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : UnixFileMode.None);
        if (new DirectoryInfo(root).LinkTarget is not null)
        {
            throw new InvalidOperationException($"{root} is a symbolic link; refusing to keep the database there. Choose AppHost:DataDirectory.");
        }

        var directory = Directory.CreateDirectory(root, mode);
        if ((directory.UnixFileMode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"Others may write to {root}; refusing to keep the database there. Choose AppHost:DataDirectory.");
        }

        return directory.FullName;
    }
}
