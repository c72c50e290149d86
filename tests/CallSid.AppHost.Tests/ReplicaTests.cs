using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Hosting.Processes;
using CallSid.Testing;

namespace CallSid.AppHost.Tests;

/// <summary>
/// Two Calls and two Transcripts replicas behind the edge, as real processes: each its own process, port and
/// instance id; callers handed every replica; turns numbered exactly under concurrency; a batch dialled once however
/// many replicas it reaches; and a replica killed mid-stream costs no acknowledged turn.
/// </summary>
public sealed class ReplicaTests(ReplicatedAppHost system) : IClassFixture<ReplicatedAppHost>
{
    private static readonly DateTime Start = new(2024, 11, 21, 10, 0, 0, DateTimeKind.Utc);

    private readonly LocalAppHost _appHost = system.AppHost;

    [Fact]
    public void Each_replica_is_its_own_process_on_its_own_port_with_its_own_instance_id_and_callers_are_handed_every_replica()
    {
        var calls = system.Replicas("CallSid.Calls");
        var transcripts = system.Replicas("CallSid.Transcripts");
        var edge = Assert.Single(system.Replicas("CallSid.Edge"));

        Assert.Equal(["calls-0", "calls-1"], calls.Select(r => r.InstanceId));
        Assert.Equal(["transcripts-0", "transcripts-1"], transcripts.Select(r => r.InstanceId));
        Assert.Equal(_appHost.Calls, calls[0].Url); // the first replica on the configured port, the others on free ones
        Assert.Equal(_appHost.Transcripts, transcripts[0].Url);
        Assert.Equal(4, calls.Concat(transcripts).Select(r => r.Url.Port).Distinct().Count());

        Assert.Equal(transcripts.Select(r => r.Url), Addresses(edge, "transcripts"));
        Assert.Equal(calls.Select(r => r.Url), Addresses(edge, "calls"));
        Assert.All(transcripts, replica => Assert.Equal(calls.Select(r => r.Url), Addresses(replica, "calls")));
        Assert.All(calls, replica => Assert.Equal(transcripts.Select(r => r.Url), Addresses(replica, "transcripts")));

        // One row per replica in the AppHost's resources table (and so on the dashboard, which shows the same snapshots).
        foreach (var replica in calls.Concat(transcripts))
        {
            Assert.Matches($@"\n  {replica.InstanceId} +healthy +{Regex(replica.Url.ToString().TrimEnd('/'))}", system.Host.Output);
        }
    }

    [Fact]
    public async Task A_hundred_concurrent_turns_of_one_call_through_the_edge_are_numbered_1_to_100_and_stored_once_by_both_replicas()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var callSid = await _appHost.PlaceCallAsync(http, 61);
        var refused = 0;

        // Sent at once; a delivery refused with a 503 (on a loaded machine, Transcripts' 800 ms budget runs out while
        // a hundred turns queue for one conversation's lock) is sent again, as ElevenLabs does.
        var answers = await Task.WhenAll(Enumerable.Range(1, 100).Select(async i =>
        {
            var (status, body, refusals) = await DeliverUntilAnsweredAsync(http, callSid, $"turn {i}", Start.AddSeconds(i));
            Interlocked.Add(ref refused, refusals);
            return (status, body);
        }));

        Assert.All(answers, answer => Assert.Contains(answer.status, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Equal(Enumerable.Range(1, 100), answers.Select(a => a.body.GetProperty("sequence_number").GetInt32()).Order());
        var turns = await TranscriptAsync(http, callSid);
        Assert.Equal(Enumerable.Range(1, 100), turns.Select(t => t.GetProperty("sequence_number").GetInt32()).Order());
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"turn {i}").Order(), turns.Select(t => t.GetProperty("message").GetString()!).Order());

        var stored = new[] { "transcripts-0", "transcripts-1" }
            .Select(instance => system.LogLines(instance, $"of call_sid {callSid} ", excluding: "was already stored"))
            .ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"turns stored by transcripts-0: {stored[0]}, by transcripts-1: {stored[1]}; deliveries refused and sent again: {refused}");
        Assert.All(stored, count => Assert.True(count > 0, $"a replica stored no turn: {string.Join(", ", stored)}"));
    }

    [Fact]
    public async Task Ten_concurrent_identical_batches_spread_over_both_Calls_replicas_dial_once()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var calls = system.Replicas("CallSid.Calls");
        var batch = new
        {
            callType = "violation",
            timestamp = "2024-11-21T11:00:00Z",
            drivers = new[] { LocalAppHost.Driver(62, "+15551230062") },
        };
        const string callSid = "EL_62_2024-11-21T11:00:00Z";
        var cancel = TestContext.Current.CancellationToken;

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await http.PostAsJsonAsync(new Uri(calls[i % 2].Url, "/driver_data/call-elevenlabs"), batch, cancel);
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>(cancel));
        }));

        // One placed it; the others answered the call that exists (200 once accepted, 409 while the first still dials).
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK && !a.Body.GetProperty("already_placed").GetBoolean());
        var emulated = await http.GetFromJsonAsync<JsonElement>(new Uri($"http://127.0.0.1:{_appHost.Ports["Emulator"]}/emulator/calls"), cancel);
        Assert.Single(emulated.EnumerateArray(), received => CallSidOf(received) == callSid);
        // Both replicas took part: each logged the call_sid (recorded and dialled, or found existing).
        Assert.All(new[] { "calls-0", "calls-1" }, instance => Assert.True(system.LogLines(instance, $"Call {callSid} ") > 0, $"{instance} logged nothing of {callSid}"));
    }

    [Fact]
    public async Task A_Transcripts_replica_killed_mid_stream_loses_no_acknowledged_turn_and_gets_traffic_again_once_restarted()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var callSid = await _appHost.PlaceCallAsync(http, 63);
        var cancel = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var deliveries = new List<Delivery>();
        var next = 0;
        using var stop = new CancellationTokenSource();

        // A steady stream: three senders, each posting its next turn as soon as the last was answered.
        async Task SendAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var turn = Interlocked.Increment(ref next);
                var sent = clock.Elapsed;
                int status;
                var details = string.Empty;
                try
                {
                    using var response = await _appHost.PostTurnAsync(http, callSid, $"turn {turn}", Start.AddMilliseconds(turn), cancel);
                    status = (int)response.StatusCode;
                    details = response.IsSuccessStatusCode ? details : await response.Content.ReadAsStringAsync(cancel);
                }
                catch (HttpRequestException)
                {
                    status = 0; // no answer at all: never expected, counted against the test
                }

                lock (deliveries)
                {
                    deliveries.Add(new Delivery(turn, status, sent, clock.Elapsed, details.Contains("could not be reached", StringComparison.Ordinal)));
                }
            }
        }

        var senders = Enumerable.Range(0, 3).Select(_ => Task.Run(SendAsync, cancel)).ToList();
        int Acknowledged() { lock (deliveries) return deliveries.Count(d => d.Acknowledged); }
        await Readiness.WaitAsync(() => Acknowledged() >= 30 ? null : "fewer than 30 turns stored", LocalAppHost.StartTimeout, TimeSpan.FromMilliseconds(50), cancel);

        var victim = system.Replicas("CallSid.Transcripts").Single(r => r.InstanceId == "transcripts-1");
        var killedAt = clock.Elapsed;
        Posix.Signal(victim.Pid, Posix.SigKill);
        await system.Host.WaitForAsync("transcripts-1 is healthy again", LocalAppHost.StartTimeout);
        var restartedFrom = system.Host.Output.IndexOf("transcripts-1 is healthy again", StringComparison.Ordinal);
        await Readiness.WaitAsync(
            () => system.LogLines("transcripts-1", $"of call_sid {callSid}", restartedFrom) >= 3 ? null : "the restarted replica has stored fewer than 3 turns",
            LocalAppHost.StartTimeout,
            TimeSpan.FromMilliseconds(100),
            cancel);
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        var refused = deliveries.Where(d => !d.Acknowledged).ToList();
        // The edge could not reach the killed replica: the refusals the kill caused. (Others are load shedding: on a
        // loaded machine Transcripts' 800 ms budget can run out at any time; they are 503s too, and retried alike.)
        var unreachable = refused.Where(d => d.Unreachable).ToList();
        var lastUnreachable = unreachable.Count == 0 ? TimeSpan.Zero : unreachable.Max(d => d.Answered) - killedAt;
        var firstAfterKill = deliveries.Where(d => d.Acknowledged && d.Sent >= killedAt).Min(d => d.Answered) - killedAt;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{deliveries.Count} deliveries, {refused.Count} refused ({string.Join(", ", refused.Select(d => d.Status).Distinct())}), " +
            $"{unreachable.Count} of them because the replica could not be reached, the last {lastUnreachable.TotalMilliseconds:0} ms after the kill; " +
            $"first turn sent after the kill stored {firstAfterKill.TotalMilliseconds:0} ms after it");

        // Every refusal was a 5xx (the sender retries), and the stream went on through the other replica within 2 s.
        Assert.All(refused, d => Assert.InRange(d.Status, 500, 599));
        Assert.InRange(lastUnreachable, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.InRange(firstAfterKill, TimeSpan.Zero, TimeSpan.FromSeconds(2));

        // Retried as ElevenLabs would, each refused turn is stored exactly once; nothing acknowledged was lost.
        foreach (var delivery in refused)
        {
            await Readiness.WaitAsync(
                async token =>
                {
                    using var response = await _appHost.PostTurnAsync(http, callSid, $"turn {delivery.Turn}", Start.AddMilliseconds(delivery.Turn), token);
                    return response.IsSuccessStatusCode ? null : $"turn {delivery.Turn}: {(int)response.StatusCode}";
                },
                TimeSpan.FromSeconds(60),
                TimeSpan.FromMilliseconds(200),
                cancel);
        }

        var turns = await TranscriptAsync(http, callSid);
        Assert.Equal(Enumerable.Range(1, deliveries.Count), turns.Select(t => t.GetProperty("sequence_number").GetInt32()).Order());
        Assert.Equal(deliveries.Select(d => $"turn {d.Turn}").Order(), turns.Select(t => t.GetProperty("message").GetString()!).Order());
    }

    /// <summary>Posts a turn until it is answered with anything but a 503 (as ElevenLabs retries); the answer and how many 503s came first.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body, int Refusals)> DeliverUntilAnsweredAsync(HttpClient http, string callSid, string message, DateTime timestamp)
    {
        var refusals = 0;
        HttpStatusCode status = default;
        JsonElement body = default;
        await Readiness.WaitAsync(
            async token =>
            {
                using var response = await _appHost.PostTurnAsync(http, callSid, message, timestamp, token);
                status = response.StatusCode;
                body = await response.Content.ReadFromJsonAsync<JsonElement>(token);
                refusals += status == HttpStatusCode.ServiceUnavailable ? 1 : 0;
                return status == HttpStatusCode.ServiceUnavailable ? $"{message}: 503 {body}" : null;
            },
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(100),
            TestContext.Current.CancellationToken);
        return (status, body, refusals);
    }

    private static IEnumerable<Uri> Addresses(ReplicaProcess replica, string service) =>
        replica.Environment.Where(e => e.Key.StartsWith($"services__{service}__http__", StringComparison.Ordinal))
            .OrderBy(e => int.Parse(e.Key[$"services__{service}__http__".Length..]))
            .Select(e => new Uri(e.Value));

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    private static string? CallSidOf(JsonElement received) =>
        received.GetProperty("body").GetProperty("conversation_initiation_client_data").GetProperty("dynamic_variables").GetProperty("call_sid").GetString();

    private async Task<List<JsonElement>> TranscriptAsync(HttpClient http, string callSid)
    {
        var transcript = await http.GetFromJsonAsync<JsonElement>(
            new Uri(_appHost.Transcripts, $"/calls/{Uri.EscapeDataString(callSid)}/transcript"), TestContext.Current.CancellationToken);
        return transcript.GetProperty("turns").EnumerateArray().ToList();
    }

    private sealed record Delivery(int Turn, int Status, TimeSpan Sent, TimeSpan Answered, bool Unreachable)
    {
        public bool Acknowledged => Status is >= 200 and < 300;
    }
}
