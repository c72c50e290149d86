using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CallSid.Calls.Services;
using CallSid.ElevenLabsEmulator;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>
/// Every call ends complete: the emulator plays calls back through the edge as ElevenLabs does, skipping per-turn
/// deliveries, answering dials late, with Transcripts down, and repeating its post-call event.
/// </summary>
public sealed class RecoveryEndToEndTests(PostgresClusterFixture cluster)
{
    [Fact]
    public async Task Skipped_turns_are_recovered_from_the_post_call_event_in_spoken_order_and_exactly_they_are_marked_post_call()
    {
        await using var system = await PlaybackSystem.StartAsync(cluster, emulator: new() { ["Emulator:SkipTurns"] = "2,5" });

        var placed = await system.PlaceCallAsync(1001);
        var callSid = placed.GetProperty("call_sid").GetString()!;
        var conversationId = placed.GetProperty("conversation_id").GetString()!;
        // The recovery's latency: from the call turning completed (the post-call event committed) to a complete transcript.
        Stopwatch? sinceCompleted = null;
        await PlaybackSystem.WaitUntilAsync(async () =>
        {
            if (sinceCompleted is null && (await system.CallAsync(callSid)).GetProperty("status").GetString() == "completed")
            {
                sinceCompleted = Stopwatch.StartNew();
            }

            var stored = (await system.TranscriptAsync(callSid)).Count;
            return sinceCompleted is not null && stored == 6 ? null : $"call not completed yet or {stored} of 6 turns stored";
        });
        TestContext.Current.TestOutputHelper?.WriteLine($"post-call event to complete transcript: at most {sinceCompleted!.Elapsed.TotalMilliseconds:0} ms (polled every 50 ms)");

        var turns = await system.TranscriptAsync(callSid);
        Assert.Equal(await system.SpokenAsync(conversationId), turns.Select(t => (t.Speaker, t.Message)));       // every word, in spoken order
        Assert.Equal(["webhook", "post_call", "webhook", "webhook", "post_call", "webhook"], turns.Select(t => t.Source)); // exactly turns 2 and 5
        Assert.Equal([1, 5, 2, 3, 6, 4], turns.Select(t => t.Sequence)); // acknowledged numbers kept; recovered ones next
        var call = await system.CallAsync(callSid);
        Assert.Equal(placed.GetProperty("callSid").GetString(), call.GetProperty("twilio_call_sid").GetString());
    }

    [Fact]
    public async Task A_dial_answered_after_the_clients_timeout_ends_completed_with_every_turn()
    {
        await using var system = await PlaybackSystem.StartAsync(cluster, emulator: new()
        {
            // ElevenLabs answers in 3 s; Calls gives up after 1 s. The call connects all the same.
            ["Emulator:Failures:2:NumberSuffix"] = "0002",
            ["Emulator:Failures:2:Delay"] = "00:00:03",
            ["Emulator:Failures:2:Success"] = "true",
        });

        var placed = await system.PlaceCallAsync(1002, "+15557770002");
        var callSid = placed.GetProperty("call_sid").GetString()!;
        Assert.Contains("did not answer within 1 s", placed.GetProperty("details").GetString());
        Assert.Equal("failed", (await system.CallAsync(callSid)).GetProperty("status").GetString());

        await PlaybackSystem.WaitUntilAsync(async () =>
        {
            var status = (await system.CallAsync(callSid)).GetProperty("status").GetString();
            var stored = (await system.TranscriptAsync(callSid)).Count;
            return status == "completed" && stored == 6 ? null : $"call {status}, {stored} of 6 turns stored";
        });

        var call = await system.CallAsync(callSid);
        var conversationId = call.GetProperty("conversation_id").GetString()!;
        var emulated = Assert.Single(system.Emulator.GetService<EmulatedConversations>().All);
        Assert.Equal(emulated.ConversationId, conversationId);
        Assert.Equal(emulated.TwilioCallSid, call.GetProperty("twilio_call_sid").GetString());
        Assert.Contains("did not answer within 1 s", call.GetProperty("failure_reason").GetString()); // why our dial failed, kept
        var turns = await system.TranscriptAsync(callSid);
        Assert.Equal(await system.SpokenAsync(conversationId), turns.Select(t => (t.Speaker, t.Message)));
        Assert.All(turns, t => Assert.Equal("post_call", t.Source)); // each per-turn delivery was refused: the call had no conversation yet
        Assert.Equal([1, 2, 3, 4, 5, 6], turns.Select(t => t.Sequence));
    }

    [Fact]
    public async Task With_Transcripts_down_when_the_event_arrives_the_recovery_completes_once_it_is_back_and_nothing_is_duplicated()
    {
        await using var system = await PlaybackSystem.StartAsync(cluster, emulator: new() { ["Emulator:TurnInterval"] = "00:00:01" }, transcriptsAsProcess: true);
        var placed = await system.PlaceCallAsync(1003);
        var callSid = placed.GetProperty("call_sid").GetString()!;
        var conversationId = placed.GetProperty("conversation_id").GetString()!;
        await PlaybackSystem.WaitUntilAsync(async () => await StoredCountAsync(system, conversationId) >= 2 ? null : "fewer than 2 turns stored");

        await system.KillTranscriptsAsync();
        var deliveredBefore = await StoredCountAsync(system, conversationId);

        // The post-call event is acknowledged (the call completes), its hand-over fails while Transcripts is down, and
        // callsid.outbox.pending reports it waiting.
        await PlaybackSystem.WaitUntilAsync(async () =>
            (await system.CallAsync(callSid)).GetProperty("status").GetString() == "completed"
            && system.Calls.Logs.Lines.Any(l => l.Contains($"Transcript hand-over of call {callSid}", StringComparison.Ordinal) && l.Contains("failed, attempt", StringComparison.Ordinal))
            && system.Calls.GetService<CallsMetrics>().Backlog.Pending >= 1
                ? null : "no failed hand-over yet");
        Assert.True(await StoredCountAsync(system, conversationId) < 6);

        await system.StartTranscriptsAsync();
        var sinceBack = Stopwatch.StartNew();
        await PlaybackSystem.WaitUntilAsync(async () => await StoredCountAsync(system, conversationId) == 6 && await OutboxCountAsync(system) == 0 ? null : "recovery not done");
        TestContext.Current.TestOutputHelper?.WriteLine($"Transcripts healthy again to recovery done: {sinceBack.Elapsed.TotalMilliseconds:0} ms (retry delay capped at 1 s here)");

        var turns = await system.TranscriptAsync(callSid);
        Assert.Equal(await system.SpokenAsync(conversationId), turns.Select(t => (t.Speaker, t.Message))); // each word once, in order
        Assert.Equal(Enumerable.Repeat("webhook", deliveredBefore), turns.Take(deliveredBefore).Select(t => t.Source));
        Assert.All(turns.Skip(deliveredBefore), t => Assert.Equal("post_call", t.Source));
        Assert.Equal(Enumerable.Range(1, 6), turns.Select(t => t.Sequence));
    }

    [Fact]
    public async Task The_same_post_call_event_delivered_five_times_at_once_adds_its_turns_once_in_the_events_trace()
    {
        using var spans = new SpanCollector();
        await using var system = await PlaybackSystem.StartAsync(cluster, emulator: new() { ["Emulator:ConversationTurns"] = "0" });
        var placed = await system.PlaceCallAsync(1004);
        var callSid = placed.GetProperty("call_sid").GetString()!;
        var conversationId = placed.GetProperty("conversation_id").GetString()!;
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = JsonSerializer.Serialize(new
        {
            type = "post_call_transcription",
            event_timestamp = start + 30,
            data = new
            {
                agent_id = "agent_test_01",
                conversation_id = conversationId,
                status = "done",
                transcript = new object[]
                {
                    new { role = "agent", message = (string?)"Hi, this is dispatch.", time_in_call_secs = 0 },
                    new { role = "user", message = (string?)"Hi.", time_in_call_secs = 2 },
                    new { role = "agent", message = (string?)null, time_in_call_secs = 3 },
                    new { role = "agent", message = (string?)"About trip 1004.", time_in_call_secs = 4 },
                    new { role = "user", message = (string?)"Go ahead.", time_in_call_secs = 7 },
                },
                metadata = new { start_time_unix_secs = start, call_duration_secs = 30 },
                conversation_initiation_client_data = new { dynamic_variables = new Dictionary<string, string> { ["call_sid"] = callSid } },
            },
        });
        var traceId = ActivityTraceId.CreateRandom();

        var clock = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendSignedAsync(system, body, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await PlaybackSystem.WaitUntilAsync(async () => await StoredCountAsync(system, conversationId) >= 4 ? null : "turns not stored yet");
        TestContext.Current.TestOutputHelper?.WriteLine($"five events sent to all turns stored: {clock.Elapsed.TotalMilliseconds:0} ms (polled every 50 ms)");
        await PlaybackSystem.WaitUntilAsync(async () => await OutboxCountAsync(system) == 0 ? null : "hand-overs pending");
        var turns = await system.TranscriptAsync(callSid);
        Assert.Equal([(1, "Hi, this is dispatch."), (2, "Hi."), (3, "About trip 1004."), (4, "Go ahead.")], turns.Select(t => (t.Sequence, t.Message)));
        Assert.Equal(4, await StoredCountAsync(system, conversationId));

        // Traced like the lookup: each hand-over is a span of the event's trace, with the HTTP request to Transcripts below it.
        var handovers = spans.All.Where(s => s.DisplayName == "hand over transcript" && s.TraceId == traceId).ToList();
        Assert.NotEmpty(handovers);
        Assert.All(handovers, h => Assert.Equal(callSid, h.GetTagItem("callsid.call_sid")));
        Assert.Contains(spans.All, s => s.Source.Name == "System.Net.Http" && handovers.Any(h => h.SpanId == s.ParentSpanId));
    }

    private static Task<HttpResponseMessage> SendSignedAsync(PlaybackSystem system, string body, string traceparent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/post-call") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("ElevenLabs-Signature", ConversationPlayback.Sign(WebhookSystem.PostCallSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        request.Headers.Add("traceparent", traceparent);
        return system.Edge.CreateClient().SendAsync(request);
    }

    private static async Task<int> StoredCountAsync(PlaybackSystem system, string conversationId) =>
        (int)(long)(await Sql.ScalarAsync(system.ConnectionString, "SELECT count(*) FROM dev.call_transcriptions WHERE conversation_id = $1", conversationId))!;

    private static async Task<long> OutboxCountAsync(PlaybackSystem system) =>
        (long)(await Sql.ScalarAsync(system.ConnectionString, "SELECT count(*) FROM dev.transcript_handovers"))!;
}
