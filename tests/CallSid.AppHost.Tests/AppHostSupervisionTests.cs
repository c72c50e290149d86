using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Hosting.Postgres;
using CallSid.Hosting.Processes;
using CallSid.Testing;

namespace CallSid.AppHost.Tests;

/// <summary>The AppHost keeps the system running when its parts die, and owns its PostgreSQL cluster by its data directory.</summary>
public sealed class AppHostSupervisionTests : IDisposable
{
    private readonly LocalAppHost _appHost = new();

    [Fact]
    public async Task A_killed_postgres_is_restarted_no_acknowledged_turn_is_lost_and_one_restarted_behind_its_back_still_stops_with_it()
    {
        _appHost.Environment["Emulator__ConversationTurns"] = "0";
        await using var host = await _appHost.StartReadyAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var callSid = await _appHost.PlaceCallAsync(http, 51);
        var cancel = TestContext.Current.CancellationToken;

        // A steady stream of turns; the postmaster is killed (kill -9) while it flows, and the stream goes on.
        var acknowledged = new List<string>();
        var refused = new List<string>();
        var postmaster = Postmaster(host);
        var acknowledgedAfterOutage = 0;
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        Task portTaken = Task.CompletedTask;
        for (var i = 0; acknowledgedAfterOutage < 10; i++)
        {
            var message = $"turn {i}";
            using var response = await _appHost.PostTurnAsync(http, callSid, message, TimestampOf(i), cancel);
            if ((int)response.StatusCode is not (200 or 201 or 503))
            {
                Assert.Fail($"{message}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
            }

            (response.IsSuccessStatusCode ? acknowledged : refused).Add(message);
            acknowledgedAfterOutage += response.IsSuccessStatusCode && refused.Count > 0 ? 1 : 0;
            if (i == 10)
            {
                Posix.Signal(postmaster, Posix.SigKill);
                portTaken = TakePortUntilAsync(_appHost.Ports["Postgres"], host, "postgres did not start again");
            }

            Assert.True(deadline.Elapsed < LocalAppHost.StartTimeout, "turns did not flow again after PostgreSQL was killed");
            if (!response.IsSuccessStatusCode)
            {
                // Paced like a sender honouring Retry-After (faster, to see the recovery soon): a tight loop of refusals
                // would only compete with the recovering server for this machine's two cores.
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancel);
            }
        }

        Assert.NotEmpty(refused); // the outage was seen (as 503s), not slept through
        await portTaken; // its first restart failed (the port was taken meanwhile), and supervision went on
        await host.WaitForAsync("postgres is running again", LocalAppHost.StartTimeout);
        Assert.NotEqual(postmaster, Postmaster(host));
        // What was refused (503) is sent again, as ElevenLabs would; every turn ends stored exactly once, numbered 1..n.
        foreach (var message in refused)
        {
            await RetryUntilStoredAsync(http, callSid, message, TimestampOf(int.Parse(message["turn ".Length..])));
        }

        var turns = await TranscriptAsync(http, callSid);
        // Listed in spoken order; the retried turns were numbered when they were stored. No gap, no duplicate.
        Assert.Equal(Enumerable.Range(1, acknowledged.Count + refused.Count), turns.Select(t => t.GetProperty("sequence_number").GetInt32()).Order());
        Assert.Equal(acknowledged.Concat(refused).Order(), turns.Select(t => t.GetProperty("message").GetString()!).Order());

        // Restarted behind the AppHost's back: the new postmaster is not its child, yet SIGTERM stops it...
        await RunPgCtlAsync("restart", "-m", "immediate", "-w", "-l", Path.Combine(_appHost.DataDirectory, "postgres", "pg_ctl.log"));
        await host.WaitForAsync("was restarted outside the AppHost", LocalAppHost.StartTimeout);
        var outsider = _appHost.ProcessesOnDataDirectory();
        Assert.NotEmpty(outsider);
        Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(60)));
        await LocalAppHost.WaitUntilGoneAsync(outsider);
        Assert.Empty(_appHost.ProcessesOnDataDirectory());

        // ...and the next start finds its port free and its data in place.
        await using (var next = await _appHost.StartReadyAsync())
        {
            Assert.Equal(acknowledged.Count + refused.Count, (await TranscriptAsync(http, callSid)).Count);
            Assert.Equal(0, await next.TerminateAsync(TimeSpan.FromSeconds(60)));
        }

        // A server left running on the data directory (as after a killed AppHost) holds the port: it is stopped before
        // the port check, and the AppHost starts on it.
        await RunPgCtlAsync("start", "-w", "-l", Path.Combine(_appHost.DataDirectory, "postgres", "pg_ctl.log"),
            "-o", $"-p {_appHost.Ports["Postgres"]} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
        var leftover = _appHost.ProcessesOnDataDirectory();
        Assert.NotEmpty(leftover);
        await using var third = await _appHost.StartReadyAsync();
        Assert.Contains("stopping the PostgreSQL server", third.Output);
        Assert.DoesNotContain(leftover, _appHost.ProcessesOnDataDirectory().Contains);
        Assert.Equal(acknowledged.Count + refused.Count, (await TranscriptAsync(http, callSid)).Count);
        Assert.Equal(0, await third.TerminateAsync(TimeSpan.FromSeconds(60)));
    }

    /// <summary>Listens on <paramref name="port"/> as soon as it is free, until <paramref name="host"/> writes <paramref name="line"/>.</summary>
    private static async Task TakePortUntilAsync(int port, RunningProject host, string line)
    {
        System.Net.Sockets.TcpListener? listener = null;
        await Readiness.WaitAsync(
            () =>
            {
                var attempt = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
                try
                {
                    attempt.Start();
                    listener = attempt;
                    return null;
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    attempt.Dispose();
                    return e.Message;
                }
            },
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(20));
        try
        {
            await host.WaitForAsync(line, LocalAppHost.StartTimeout);
        }
        finally
        {
            listener!.Dispose();
        }
    }

    [Fact]
    public async Task A_service_killed_five_times_comes_back_five_times_and_a_crash_loop_shows()
    {
        _appHost.Environment["AppHost__Supervision__MaxRestartDelay"] = "00:00:02";
        await using var host = await _appHost.StartReadyAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        for (var kill = 1; kill <= 5; kill++)
        {
            var transcripts = LocalAppHost.Children(host, "CallSid.Transcripts.dll").Single();
            Posix.Signal(transcripts.Pid, Posix.SigKill);
            var expected = kill;
            await Readiness.WaitAsync(
                () => Occurrences(host.Output, "transcripts is healthy again") >= expected ? null : "not back yet",
                LocalAppHost.StartTimeout,
                TimeSpan.FromMilliseconds(200),
                TestContext.Current.CancellationToken);
        }

        Assert.Contains("transcripts exited unexpectedly with code 137; restarting in 2 s (crash loop: 5 exits in a row)", host.Output);
        using var alive = await http.GetAsync(new Uri(_appHost.Transcripts, "/health"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(60)));
    }

    public void Dispose() => _appHost.Dispose();

    private int Postmaster(RunningProject host) =>
        LocalAppHost.Children(host, $"postgres -D {_appHost.DataDirectory}").Select(c => c.Pid).SingleOrDefault() is var pid and > 0
            ? pid
            : _appHost.ProcessesOnDataDirectory().Min();

    private async Task RunPgCtlAsync(params string[] arguments)
    {
        var pgCtl = Path.Combine(PostgresCluster.FindBinDirectory(), "pg_ctl");
        var data = Path.Combine(_appHost.DataDirectory, "postgres");
        var start = Posix.IsRoot
            ? ChildProcess.Describe("runuser", ["-u", "postgres", "--", pgCtl, "-D", data, .. arguments])
            : ChildProcess.Describe(pgCtl, ["-D", data, .. arguments]);
        var output = new List<string>();
        using var process = ChildProcess.Start(start, line => { lock (output) output.Add(line); });
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"pg_ctl {string.Join(' ', arguments)} failed: {string.Join('\n', output)}");
    }

    private static DateTime TimestampOf(int turn) => new DateTime(2024, 11, 21, 10, 0, 0, DateTimeKind.Utc).AddMilliseconds(turn);

    private async Task RetryUntilStoredAsync(HttpClient http, string callSid, string message, DateTime timestamp)
    {
        HttpStatusCode last = default;
        await Readiness.WaitAsync(
            async token =>
            {
                using var response = await _appHost.PostTurnAsync(http, callSid, message, timestamp, token);
                last = response.StatusCode;
                return response.IsSuccessStatusCode ? null : $"{message}: {(int)last}";
            },
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(200));
    }

    /// <summary>The transcript, read as a client reads it: a 503 (Retry-After) is asked again.</summary>
    private async Task<List<JsonElement>> TranscriptAsync(HttpClient http, string callSid)
    {
        JsonElement transcript = default;
        await Readiness.WaitAsync(
            async token =>
            {
                using var response = await http.GetAsync(new Uri(_appHost.Transcripts, $"/calls/{Uri.EscapeDataString(callSid)}/transcript"), token);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    return "503";
                }

                response.EnsureSuccessStatusCode();
                transcript = await response.Content.ReadFromJsonAsync<JsonElement>(token);
                return null;
            },
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(200));
        return transcript.GetProperty("turns").EnumerateArray().ToList();
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
