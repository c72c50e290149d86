using System.Net;
using System.Net.Sockets;
using CallSid.Hosting.Postgres;
using CallSid.Hosting.Processes;
using CallSid.Testing;
using Npgsql;

namespace CallSid.AppHost.Tests;

/// <summary>The local cluster the AppHost runs: created once, kept across restarts, never blocked by a previous run.</summary>
public sealed class PostgresServerTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"callsid-test-apphost-pg-{Guid.NewGuid():N}");

    [Fact]
    public void Missing_server_binaries_fail_with_one_line_saying_what_to_install()
    {
        var error = Assert.Throws<PostgresNotInstalledException>(() => PostgresCluster.FindBinDirectory("/nonexistent/postgresql/bin"));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("apt-get install postgresql", error.Message);
    }

    [Fact]
    public async Task Data_survives_a_restart_and_the_password_is_required()
    {
        var options = Options(password: "s3cret-for-test");
        await using (var first = await PostgresServer.StartAsync(options, TestContext.Current.CancellationToken))
        {
            await first.CreateDatabaseAsync("callsdb", cancellationToken: TestContext.Current.CancellationToken);
            await ExecuteAsync(first.GetConnectionString("callsdb"), "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('from the first run')");
        }

        await using var second = await PostgresServer.StartAsync(options with { Port = PortAllocator.GetFreePort() }, TestContext.Current.CancellationToken);

        Assert.Equal("from the first run", await ScalarAsync(second.GetConnectionString("callsdb"), "SELECT value FROM kept"));
        var wrongPassword = new NpgsqlConnectionStringBuilder(second.GetConnectionString("callsdb")) { Password = "wrong" }.ConnectionString;
        await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(wrongPassword, "SELECT 1"));
    }

    [Fact]
    public async Task A_server_left_running_by_a_killed_run_is_stopped_before_the_next_start()
    {
        var options = Options();
        var orphan = await PostgresServer.StartAsync(options, TestContext.Current.CancellationToken); // never stopped: like a killed AppHost
        var orphanPid = orphan.ProcessId;

        await using var next = await PostgresServer.StartAsync(options with { Port = PortAllocator.GetFreePort() }, TestContext.Current.CancellationToken);

        Assert.False(Posix.IsAlive(orphanPid) && File.ReadAllText($"/proc/{orphanPid}/cmdline").Contains("postgres"));
        Assert.Equal(1, await ScalarAsync(next.GetConnectionString("postgres"), "SELECT 1"));
        await orphan.StopAsync(); // already gone; only releases the handle
    }

    [Fact]
    public async Task A_stale_pid_file_does_not_block_the_start()
    {
        var options = Options();
        await (await PostgresServer.StartAsync(options, TestContext.Current.CancellationToken)).StopAsync();
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "postmaster.pid"), "4194000\n" + _dataDirectory + "\n", TestContext.Current.CancellationToken);

        await using var server = await PostgresServer.StartAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal(1, await ScalarAsync(server.GetConnectionString("postgres"), "SELECT 1"));
    }

    [Fact]
    public async Task A_stale_pid_file_naming_another_program_leaves_that_program_alone()
    {
        var options = Options();
        await (await PostgresServer.StartAsync(options, TestContext.Current.CancellationToken)).StopAsync();
        // After a reboot the pid may belong to anything, even something calling itself postgres.
        using var bystander = System.Diagnostics.Process.Start("/bin/bash", ["-c", "exec -a postgres sleep 60"]);
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "postmaster.pid"), $"{bystander.Id}\n{_dataDirectory}\n", TestContext.Current.CancellationToken);

        await using var server = await PostgresServer.StartAsync(options, TestContext.Current.CancellationToken);

        Assert.False(bystander.HasExited);
        bystander.Kill();
    }

    [Fact]
    public async Task A_port_in_use_is_reported_in_one_clear_line()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<PostgresStartException>(() => PostgresServer.StartAsync(Options() with { Port = port }, TestContext.Current.CancellationToken));

        Assert.Equal($"Port {port} is already in use, so PostgreSQL cannot listen on it; free it or choose another port.", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private PostgresServerOptions Options(string? password = null) => new()
    {
        DataDirectory = _dataDirectory,
        Port = PortAllocator.GetFreePort(),
        Password = password,
        Durable = false,
    };

    private static Task ExecuteAsync(string connectionString, string sql) => Sql.ExecuteAsync(connectionString, sql);

    private static Task<object?> ScalarAsync(string connectionString, string sql) => Sql.ScalarAsync(connectionString, sql);
}
