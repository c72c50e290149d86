using System.Diagnostics;
using CallSid.Hosting.Processes;
using Npgsql;

namespace CallSid.Hosting.Postgres;

/// <summary>
/// A private PostgreSQL server run from the local server binaries on a <see cref="PostgresCluster"/>: the postmaster
/// is our child process (as the <c>postgres</c> user when we are root), owned by its data directory. Used by the
/// AppHost (a persistent cluster, like a named volume) and by the tests (a throwaway cluster per test assembly).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Superuser = PostgresCluster.Superuser;

    private readonly PostgresServerOptions _options;
    private readonly PostgresCluster _cluster;
    private readonly Process _process;
    private readonly RecentLines _recentLog;
    private readonly Task _exited;
    private int? _exitCode;
    private int _stopped;

    private PostgresServer(PostgresServerOptions options, PostgresCluster cluster, Process process, RecentLines recentLog)
    {
        _options = options;
        _cluster = cluster;
        _process = process;
        _recentLog = recentLog;
        _exited = RecordExitAsync();
    }

    public int Port => _options.Port;

    public int ProcessId => _process.Id;

    public string DataDirectory => _options.DataDirectory;

    /// <summary>Completes when the postmaster we started exits, for whatever reason (also after <see cref="StopAsync"/>).</summary>
    public Task Exited => _exited;

    /// <summary>The postmaster's exit code once it has exited; kept, so it can be read after the server is stopped.</summary>
    public int? ExitCode => _exitCode;

    /// <summary>
    /// The postmaster running on the data directory now: ours, or one started behind our back (<c>pg_ctl restart</c>)
    /// after ours exited; null when none runs.
    /// </summary>
    public int? RunningPostmasterId => _cluster.RunningPostmaster();

    public string GetConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _options.Port,
        Username = Superuser,
        Password = _options.Password,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Initialises the cluster on first use, stops a server still running on its data directory (an earlier run that
    /// was killed), then starts the postmaster and waits until it accepts connections.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, CancellationToken cancellationToken = default)
    {
        var cluster = new PostgresCluster(options);
        await cluster.EnsureInitializedAsync(cancellationToken);
        await cluster.StopRunningServerAsync(TimeSpan.FromSeconds(30), cancellationToken);

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
            // One throwaway cluster serves every service host of a test assembly at once, each with its own pool.
            arguments.AddRange(["-c", "max_connections=300"]);
        }

        var recentLog = new RecentLines(8);
        var process = cluster.StartProcess(Path.Combine(cluster.BinDirectory, "postgres"), arguments, line =>
        {
            recentLog.Add(line);
            options.Log?.Invoke(line);
        });
        ProcessWatchdog.Guard(process.Id, Posix.SigInt, options.DeleteDataDirectoryOnStop ? options.DataDirectory : null);

        var server = new PostgresServer(options, cluster, process, recentLog);
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

    /// <summary>
    /// Stops the server running on the data directory, whoever started it (ours, or one restarted behind our back with
    /// <c>pg_ctl restart</c>): fast shutdown, so open transactions roll back and the server exits cleanly.
    /// </summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _cluster.StopRunningServerAsync(timeout ?? TimeSpan.FromSeconds(30));
        if (!_process.HasExited)
        {
            // Ours, but no longer the one named in postmaster.pid (a failed start): it must not outlive us either.
            await ChildProcess.StopAsync(_process, Posix.SigInt, TimeSpan.FromSeconds(5));
        }

        await _exited;
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

    private async Task RecordExitAsync()
    {
        await _process.WaitForExitAsync();
        _exitCode = _process.ExitCode;
    }

    private static string QuoteIdentifier(string identifier) => new NpgsqlCommandBuilder().QuoteIdentifier(identifier);
}
