using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using CallSid.Testing;

namespace CallSid.AppHost.Tests;

/// <summary><c>AppHost__Replicas__*</c>: several processes of a service share the work with no duplicate and no gap.</summary>
public sealed class ReplicaTests(ReplicatedAppHost appHost) : IClassFixture<ReplicatedAppHost>
{
    private const int Turns = 100;

    /// <summary>The measure: 100 turns from 25 senders over two replicas (20 were refused with the 800 ms budget).</summary>
    private const int Senders = 25;

    [Fact]
    public async Task Concurrent_turns_over_two_Transcripts_replicas_are_numbered_without_duplicate_or_gap()
    {
        Assert.Equal(2, (await appHost.ProcessesOfAsync("transcripts", instances: 2)).Distinct().Count());
        var callSid = await appHost.PlaceCallAsync(201);
        await appHost.WaitForConversationAsync(callSid);

        // Each turn sent once, as ElevenLabs does, 25 senders at once: under the burst a turn waits, it is not refused.
        var answers = new ConcurrentBag<(string Message, HttpStatusCode Status, int SequenceNumber, string Body)>();
        var pending = new ConcurrentQueue<int>(Enumerable.Range(1, Turns));
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            while (pending.TryDequeue(out var i))
            {
                answers.Add(await DeliverAsync(callSid, $"turn {i}", resendAfterKill: false));
            }
        }));

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Created, $"{a.Message}: {(int)a.Status} {a.Body}"));
        Assert.Equal(Turns, answers.Select(a => a.SequenceNumber).Distinct().Count());
        var turns = await TurnsAsync(callSid); // with the emulator's own turns, wherever they fell
        Assert.Equal(Enumerable.Range(1, turns.Count), turns.Select(t => t.SequenceNumber).Order());
        Assert.Equal(answers.Select(a => a.Message).Order(), turns.Where(t => t.Message.StartsWith("turn ")).Select(t => t.Message).Order());
    }

    [Fact]
    public async Task A_Transcripts_replica_killed_under_load_loses_no_acknowledged_turn()
    {
        var callSid = await appHost.PlaceCallAsync(202);
        await appHost.WaitForConversationAsync(callSid);
        var victim = (await appHost.ProcessesOfAsync("transcripts", instances: 2))[0];

        var sending = Enumerable.Range(1, Turns).Select(i => DeliverAsync(callSid, $"kill turn {i}", resendAfterKill: true)).ToList();
        await Task.WhenAll(sending.Take(Turns / 4));
        Posix.Signal(victim, Posix.SigKill);
        var answers = await Task.WhenAll(sending);
        await Readiness.WaitAsync(async _ => await appHost.ProcessesOfAsync("transcripts", instances: 2) is { Count: 2 } pids && !pids.Contains(victim) ? null : "not restarted yet",
            TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);

        var turns = await TurnsAsync(callSid);
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{a.Message}: {(int)a.Status} {a.Body}"));
        Assert.Equal(answers.Select(a => a.Message).Order(), turns.Where(t => t.Message.StartsWith("kill turn")).Select(t => t.Message).Order());
        Assert.Equal(Enumerable.Range(1, turns.Count), turns.Select(t => t.SequenceNumber).Order());
    }

    [Fact]
    public async Task Ten_concurrent_identical_batches_over_two_Calls_replicas_dial_once()
    {
        const int driverId = 203;
        var batch = CallRequests.BatchAt("2024-11-21T11:00:00Z", CallRequests.Driver(driverId, "+15551230203"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await appHost.Calls.PostAsJsonAsync("/driver_data/call-elevenlabs", batch);
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>());
        }));

        // One placed it; the others answered the call that exists (200 once accepted, 409 while the first still dials).
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK && !a.Body.GetProperty("already_placed").GetBoolean());
        using var emulator = appHost.App.CreateHttpClient("elevenlabs");
        var dialled = await emulator.GetFromJsonAsync<JsonElement>("/emulator/calls", TestContext.Current.CancellationToken);
        Assert.Single(dialled.EnumerateArray(), d => d.ToString().Contains(CallRequests.CallSid(driverId, "2024-11-21T11:00:00Z"), StringComparison.Ordinal));
    }

    /// <summary>
    /// One turn through the edge. With <paramref name="resendAfterKill"/>, a delivery the killed replica never answered
    /// (the edge's 503 "could not be reached", or a broken connection) is sent again; 201 or 200 then means acknowledged.
    /// </summary>
    private async Task<(string Message, HttpStatusCode Status, int SequenceNumber, string Body)> DeliverAsync(string callSid, string message, bool resendAfterKill)
    {
        var timestamp = DateTime.UtcNow;
        (string, HttpStatusCode, int, string) answer = default;
        await Readiness.WaitAsync(
            async token =>
            {
                try
                {
                    using var response = await appHost.PostTurnAsync(callSid, message, timestamp);
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>(token);
                    answer = (message, response.StatusCode, body.TryGetProperty("sequence_number", out var number) ? number.GetInt32() : 0, body.ToString());
                    // The edge's answer for a replica it could not reach; Transcripts' own 503s are not sent again.
                    var unreached = response.StatusCode == HttpStatusCode.ServiceUnavailable
                        && body.TryGetProperty("details", out var details) && details.GetString()!.StartsWith("The transcripts service could not be reached", StringComparison.Ordinal);
                    return resendAfterKill && unreached ? $"{message}: 503 {body}" : null;
                }
                catch (HttpRequestException e) when (resendAfterKill)
                {
                    return $"{message}: {e.Message}"; // the connection to a killed replica broke mid-answer
                }
            },
            TimeSpan.FromSeconds(90),
            TimeSpan.FromMilliseconds(200),
            TestContext.Current.CancellationToken);
        return answer;
    }

    private async Task<List<(int SequenceNumber, string Message)>> TurnsAsync(string callSid)
    {
        var transcript = await appHost.Transcripts.GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(callSid)}/transcript", TestContext.Current.CancellationToken);
        return transcript.GetProperty("turns").EnumerateArray()
            .Select(t => (t.GetProperty("sequence_number").GetInt32(), t.GetProperty("message").GetString()!)).ToList();
    }
}
