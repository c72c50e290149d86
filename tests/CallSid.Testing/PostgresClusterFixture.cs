using CallSid.MigrationService.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace CallSid.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test assembly (declare it with
/// <c>[assembly: AssemblyFixture(typeof(PostgresClusterFixture))]</c>): initdb in a temp directory, a free loopback
/// port, no fsync. It is stopped and deleted when the run ends; if the test process dies instead, the server's
/// watchdog does the same within a second.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    private const string MigratedTemplate = "callsid_migrated_template";

    private readonly SemaphoreSlim _templateLock = new(1, 1);
    private PostgresServer? _server;
    private bool _templateReady;
    private int _databases;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL cluster has not started.");

    public async ValueTask InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var options = new PostgresServerOptions
            {
                DataDirectory = Path.Combine(Path.GetTempPath(), $"callsid-test-pg-{Guid.NewGuid():N}"),
                Port = PortAllocator.GetFreePort(),
                Durable = false,
                DeleteDataDirectoryOnStop = true,
            };
            try
            {
                _server = await PostgresServer.StartAsync(options);
                return;
            }
            catch (PostgresStartException) when (attempt < 3)
            {
                // Another process took the free port between our check and the server's bind; try another.
                if (Directory.Exists(options.DataDirectory))
                {
                    Directory.Delete(options.DataDirectory, recursive: true);
                }
            }
        }
    }

    /// <summary>A new, empty database on the cluster.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = NextDatabaseName();
        await Server.CreateDatabaseAsync(name);
        return Server.GetConnectionString(name);
    }

    /// <summary>A new database with the full migration chain applied (a copy of a template migrated once per run).</summary>
    public async Task<string> CreateMigratedDatabaseAsync()
    {
        await EnsureMigratedTemplateAsync();
        var name = NextDatabaseName();
        await Server.CreateDatabaseAsync(name, template: MigratedTemplate);
        return Server.GetConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.StopAsync();
        }

        _templateLock.Dispose();
    }

    private string NextDatabaseName() => $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";

    private async Task EnsureMigratedTemplateAsync()
    {
        await _templateLock.WaitAsync();
        try
        {
            if (_templateReady)
            {
                return;
            }

            await Server.CreateDatabaseAsync(MigratedTemplate);
            // No pooling: CREATE DATABASE ... TEMPLATE needs the template to have no open connections.
            var connectionString = new NpgsqlConnectionStringBuilder(Server.GetConnectionString(MigratedTemplate)) { Pooling = false }.ConnectionString;
            await using var db = MigrationDbContext.Create(connectionString);
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(null, CancellationToken.None);
            _templateReady = true;
        }
        finally
        {
            _templateLock.Release();
        }
    }
}
