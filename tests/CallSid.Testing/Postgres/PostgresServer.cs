using System.Diagnostics;
using CallSid.AppHost.LocalPostgres;
using Npgsql;

namespace CallSid.Testing;

/// <summary>
/// A throwaway PostgreSQL server for a test assembly, on the AppHost's own <see cref="LocalPostgresCluster"/> (initdb,
/// the server command, leftover servers): our child process, stopped and deleted with the run, or by the watchdog if
/// the test process dies first.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Superuser = LocalPostgresCluster.Superuser;

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

    public string DataDirectory => _options.DataDirectory;

    public string GetConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _options.Port,
        Username = Superuser,
        Password = _options.Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Initialises the cluster on first use, stops a server left on its data directory, starts it and waits for connections.</summary>
    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, CancellationToken cancellationToken = default)
    {
        var bin = LocalPostgresCluster.FindBinDirectory(options.BinDirectory)
            ?? throw new PostgresStartException("PostgreSQL server binaries (initdb, postgres) not found on PATH or in /usr/lib/postgresql/*/bin; install them (apt-get install postgresql).");
        var cluster = new LocalPostgresCluster(options.DataDirectory, bin);
        await cluster.InitializeAsync(options.Password, options.Durable, cancellationToken);
        await cluster.StopLeftoverServerAsync(line => options.Log?.Invoke(line), cancellationToken);
        if (!PortAllocator.IsFree(options.Port))
        {
            throw new PostgresStartException($"Port {options.Port} is already in use, so PostgreSQL cannot listen on it; free it or choose another port.");
        }

        var (fileName, prefix) = cluster.ServerCommand();
        List<string> arguments = [.. prefix, "-D", options.DataDirectory, "-p", options.Port.ToString(), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
        if (!options.Durable)
        {
            // One throwaway cluster serves every service host of a test assembly at once, each with its own pool.
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"]);
        }

        var recentLog = new RecentLines(8);
        var process = ChildProcess.Start(ChildProcess.Describe(fileName, arguments), line =>
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

    /// <summary>Fast shutdown, so open transactions roll back and the server exits cleanly; then the data directory goes if asked.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await ChildProcess.StopAsync(_process, Posix.SigInt, TimeSpan.FromSeconds(30));
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
        try
        {
            await Readiness.WaitAsync(
                async token =>
                {
                    if (_process.HasExited)
                    {
                        throw new PostgresStartException($"PostgreSQL exited during start-up (exit code {_process.ExitCode}): {_recentLog.Join(" | ")}");
                    }

                    try
                    {
                        await using var connection = new NpgsqlConnection(probe);
                        await connection.OpenAsync(token);
                        return null;
                    }
                    catch (NpgsqlException e)
                    {
                        return e.Message;
                    }
                },
                _options.StartTimeout,
                TimeSpan.FromMilliseconds(100),
                cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new PostgresStartException($"PostgreSQL did not accept connections within {_options.StartTimeout.TotalSeconds:0} s ({e.Message}): {_recentLog.Join(" | ")}");
        }
    }

    private static string QuoteIdentifier(string identifier) => new NpgsqlCommandBuilder().QuoteIdentifier(identifier);
}
