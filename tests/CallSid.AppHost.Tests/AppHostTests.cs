using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CallSid.Hosting.Processes;
using CallSid.Testing;

namespace CallSid.AppHost.Tests;

/// <summary><c>dotnet run --project CallSid.AppHost</c>, as a developer uses it: the whole system, then nothing left behind.</summary>
public sealed class AppHostTests(PostgresClusterFixture cluster) : IDisposable
{
    private const string Ready = LocalAppHost.Ready;
    private static readonly TimeSpan StartTimeout = LocalAppHost.StartTimeout;

    private readonly LocalAppHost _appHost = new();

    private string DataDirectory => _appHost.DataDirectory;

    [Fact]
    public async Task One_command_runs_the_system_a_batch_becomes_two_completed_calls_with_transcripts_and_SIGTERM_leaves_nothing()
    {
        var environment = Environment(out var ports);
        var clock = Stopwatch.StartNew();
        await using var first = ProjectProcess.Start<Projects.CallSid_AppHost>([], environment);
        await first.WaitForAsync(Ready, StartTimeout);
        TestContext.Current.TestOutputHelper?.WriteLine($"cold start to all healthy: {clock.Elapsed.TotalSeconds:0.0} s");
        var children = ProcessTree.Descendants(first.Id);
        Assert.Contains(children, c => c.CommandLine.Contains("postgres -D " + DataDirectory, StringComparison.Ordinal));
        foreach (var project in new[] { "CallSid.Calls", "CallSid.Transcripts", "CallSid.Edge", "CallSid.ElevenLabsEmulator" }) // the migrations have finished
        {
            Assert.Contains(children, c => c.CommandLine.Contains(project + ".dll", StringComparison.Ordinal));
        }

        // One request places two calls; the emulator plays both conversations back through the edge.
        using var http = new HttpClient();
        var calls = new Uri($"http://127.0.0.1:{ports["Calls"]}");
        var transcripts = new Uri($"http://127.0.0.1:{ports["Transcripts"]}");
        var batch = await http.PostAsJsonAsync(new Uri(calls, "/driver_data/call-elevenlabs"), new
        {
            callType = "violation",
            timestamp = "2024-11-21T10:00:00Z",
            drivers = new[] { LocalAppHost.Driver(41, "+15551230041"), LocalAppHost.Driver(42, "+15551230042") },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var callSids = (await batch.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken))
            .GetProperty("results").EnumerateArray().Select(r => r.GetProperty("call_sid").GetString()!).ToList();
        Assert.Equal(["EL_41_2024-11-21T10:00:00Z", "EL_42_2024-11-21T10:00:00Z"], callSids);

        foreach (var callSid in callSids)
        {
            var call = await LocalAppHost.WaitForCallAsync(http, calls, callSid, "completed");
            Assert.NotEqual(JsonValueKind.Null, call.GetProperty("call_end_time").ValueKind);
            var transcript = await http.GetFromJsonAsync<JsonElement>(new Uri(transcripts, $"/calls/{Uri.EscapeDataString(callSid)}/transcript"), TestContext.Current.CancellationToken);
            var turns = transcript.GetProperty("turns").EnumerateArray().ToList();
            Assert.Equal([1, 2, 3, 4], turns.Select(t => t.GetProperty("sequence_number").GetInt32()));
            Assert.Equal(["agent", "driver", "agent", "driver"], turns.Select(t => t.GetProperty("speaker").GetString()));
            Assert.StartsWith("Hi Driver", turns[0].GetProperty("message").GetString());
        }

        // Supervised: a service that dies is started again.
        var transcriptsProcess = children.Single(c => c.CommandLine.Contains("CallSid.Transcripts.dll", StringComparison.Ordinal));
        Posix.Signal(transcriptsProcess.Pid, Posix.SigKill);
        await first.WaitForAsync("transcripts is healthy again", TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(transcripts, $"/calls/{Uri.EscapeDataString(callSids[0])}/transcript"), TestContext.Current.CancellationToken)).StatusCode);

        // SIGTERM stops every child and the database; nothing is left running.
        var everything = ProcessTree.Descendants(first.Id);
        Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(60)));
        await LocalAppHost.WaitUntilGoneAsync(everything.Select(p => p.Pid));
        Assert.Contains("Stopped.", first.Output);
        Assert.False(File.Exists(Path.Combine(DataDirectory, "postgres", "postmaster.pid")));

        // The data survives: a second run on the same directory still has the first run's calls.
        await using var second = ProjectProcess.Start<Projects.CallSid_AppHost>([], environment);
        await second.WaitForAsync(Ready, StartTimeout);
        var kept = await http.GetFromJsonAsync<JsonElement>(new Uri(calls, $"/calls/{Uri.EscapeDataString(callSids[1])}"), TestContext.Current.CancellationToken);
        Assert.Equal("completed", kept.GetProperty("status").GetString());
        Assert.Contains("nothing to do", second.Output);
        Assert.Equal(0, await second.TerminateAsync(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain(first.Output + second.Output, "Exception");
    }

    [Fact]
    public async Task A_port_in_use_is_one_clear_line_and_nothing_starts()
    {
        var environment = Environment(out var ports);
        using var squatter = new TcpListener(IPAddress.Loopback, ports["Edge"]);
        squatter.Start();

        await using var host = ProjectProcess.Start<Projects.CallSid_AppHost>([], environment);
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains($"Port {ports["Edge"]} (edge) is already in use: stop what listens there, or choose another port with AppHost:Ports:Edge.", host.Output);
        Assert.False(Directory.Exists(DataDirectory));
    }

    [Fact]
    public async Task Missing_postgres_binaries_are_one_clear_line()
    {
        var environment = Environment(out _);
        environment["AppHost__PostgresBinDirectory"] = "/nonexistent/postgresql/bin";

        await using var host = ProjectProcess.Start<Projects.CallSid_AppHost>([], environment);
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("PostgreSQL server binaries (initdb, postgres) not found in /nonexistent/postgresql/bin; install them", host.Output);
    }

    [Fact]
    public async Task With_an_external_database_nothing_local_runs_and_a_failed_migration_stops_start_up_with_its_log()
    {
        var external = await cluster.CreateEmptyDatabaseAsync();
        await Sql.ExecuteAsync(external, "CREATE SCHEMA dev; CREATE TABLE dev.calls (id integer, phone text);");

        var environment = Environment(out _);
        environment["ConnectionStrings__callsdb"] = external;

        await using var host = ProjectProcess.Start<Projects.CallSid_AppHost>([], environment);
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(1, exitCode);
        Assert.Contains("migrations failed: exited with code 1", host.Output);
        Assert.Contains("Migration failed: Schema \"dev\" is neither empty, nor the old system's", host.Output);
        Assert.Contains("Start-up stopped: migrations failed.", host.Output);
        Assert.DoesNotContain("[postgres", host.Output);
        Assert.DoesNotContain("calls is healthy", host.Output);
    }

    public void Dispose() => _appHost.Dispose();

    private Dictionary<string, string> Environment(out Dictionary<string, int> ports)
    {
        ports = _appHost.Ports;
        return _appHost.Environment;
    }
}
