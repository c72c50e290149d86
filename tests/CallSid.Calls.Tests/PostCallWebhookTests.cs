using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>ElevenLabs' post-call events, in the shapes its documentation gives (the edge has already checked the signature).</summary>
public sealed class PostCallWebhookTests(CallsServices services) : IClassFixture<CallsServices>
{
    private readonly HttpClient _client = services.CreateClient();

    [Fact]
    public async Task A_transcription_event_completes_the_call_named_by_its_call_sid_with_the_end_time()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(700);
        var start = DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeSeconds();

        var response = await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.Transcription(conversationId: "conv_other_or_missing", callSid, "done", start, 95), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("completed", row!.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(start + 95).UtcDateTime, row.CallEndTime);
        Assert.Equal(conversationId, row.ConversationId); // the stored one stays
    }

    [Fact]
    public async Task Without_a_call_sid_the_conversation_id_finds_the_call()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(701);

        var response = await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.Transcription(conversationId, callSid: null, "done", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 30), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", (await services.Table.FindAsync(callSid))!.Status);
    }

    [Fact]
    public async Task A_failed_conversation_fails_the_call()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(702);

        await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.Transcription(conversationId, callSid, "failed", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3), TestContext.Current.CancellationToken);

        Assert.Equal("failed", (await services.Table.FindAsync(callSid))!.Status);
    }

    [Fact]
    public async Task A_busy_call_initiation_failure_ends_the_call_busy()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(703);
        var failure = new
        {
            type = "call_initiation_failure",
            event_timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            data = new
            {
                agent_id = "agent_test_01",
                conversation_id = conversationId,
                failure_reason = "busy",
                metadata = new { type = "twilio", body = new { CallSid = "CA0123456789abcdef0123456789abcdef", CallStatus = "busy" } },
            },
        };

        var response = await _client.PostAsJsonAsync(PostCallEvents.Url, failure, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("busy", row!.Status);
        Assert.NotNull(row.CallEndTime);
        Assert.Equal("call_initiation_failure: busy", row.FailureReason);
    }

    [Fact]
    public async Task A_repeated_event_is_a_200_and_a_contradicting_one_is_not_applied()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(704);
        var done = PostCallEvents.Transcription(conversationId, callSid, "done", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 10);

        await _client.PostAsJsonAsync(PostCallEvents.Url, done, TestContext.Current.CancellationToken);
        var repeated = await _client.PostAsJsonAsync(PostCallEvents.Url, done, TestContext.Current.CancellationToken);
        var contradicting = await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.Transcription(conversationId, callSid, "failed", 0, 0), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, contradicting.StatusCode);
        Assert.Equal("ignored", (await contradicting.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        Assert.Equal("completed", (await services.Table.FindAsync(callSid))!.Status);
    }

    [Fact]
    public async Task A_dial_that_timed_out_is_completed_by_ElevenLabs_post_call_event_with_its_conversation_and_transcript()
    {
        // Our request timed out, so we marked the call failed; ElevenLabs connected it after all and says so.
        var response = await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(705, CallsServices.SlowNumber)), TestContext.Current.CancellationToken);
        var callSid = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("call_sid").GetString()!;
        Assert.Equal("failed", (await services.Table.FindAsync(callSid))!.Status);

        var late = await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.Transcription("conv_connected_after_all", callSid, "done", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 20), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var body = await late.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("turns_queued").GetInt32());
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("completed", row!.Status);                              // ElevenLabs' word on the conversation wins...
        Assert.Equal("conv_connected_after_all", row.ConversationId);
        Assert.Contains("did not answer within 2 s", row.FailureReason);      // ...and the call still says what happened to our dial
        using var queued = JsonDocument.Parse(Assert.Single(await services.Table.QueuedTranscriptsAsync(callSid)));
        Assert.Equal("Hello", queued.RootElement.GetProperty("turns")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_completed_call_is_never_reopened_by_a_late_call_initiation_failure()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(708);
        await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.Transcription(conversationId, callSid, "done", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 30), TestContext.Current.CancellationToken);

        var late = await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.InitiationFailure(conversationId, "no-answer"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal("ignored", (await late.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("completed", row!.Status);
        Assert.Null(row.FailureReason);
    }

    [Fact]
    public async Task A_call_ElevenLabs_reported_failed_is_not_completed_by_a_contradicting_event()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(709);
        await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.InitiationFailure(conversationId, "busy"), TestContext.Current.CancellationToken);

        var contradicting = await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.Transcription(conversationId, callSid, "done", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 5), TestContext.Current.CancellationToken);

        Assert.Equal("ignored", (await contradicting.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("busy", row!.Status);
        Assert.Equal("call_initiation_failure: busy", row.FailureReason);
    }

    [Fact]
    public async Task The_event_stores_Twilio_call_sid_and_queues_only_spoken_turns()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(710);
        await Testing.Sql.ExecuteAsync(services.ConnectionString, "UPDATE dev.calls SET twilio_call_sid = NULL WHERE call_sid = $1", callSid);
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var postCall = new
        {
            type = "post_call_transcription",
            event_timestamp = start + 40,
            data = new
            {
                agent_id = "agent_test_01",
                conversation_id = conversationId,
                status = "done",
                transcript = new object[]
                {
                    new { role = "agent", message = (string?)"Hi, this is dispatch.", tool_calls = Array.Empty<object>(), time_in_call_secs = 0 },
                    new { role = "agent", message = (string?)null, tool_calls = new[] { new { tool_name = "save_transcription" } }, time_in_call_secs = 1 },
                    new { role = "user", message = (string?)"Yes?", tool_calls = Array.Empty<object>(), time_in_call_secs = 3 },
                },
                metadata = new
                {
                    start_time_unix_secs = start,
                    call_duration_secs = 40,
                    phone_call = new { direction = "outbound", type = "twilio", call_sid = "CAfeedfacefeedfacefeedfacefeedface", stream_sid = "MZ1" },
                },
                conversation_initiation_client_data = new { dynamic_variables = new Dictionary<string, object> { ["call_sid"] = callSid } },
            },
        };

        var response = await _client.PostAsJsonAsync(PostCallEvents.Url, postCall, TestContext.Current.CancellationToken);

        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("turns_queued").GetInt32());
        Assert.Equal("CAfeedfacefeedfacefeedfacefeedface", (await services.Table.FindAsync(callSid))!.TwilioCallSid);
        using var payload = JsonDocument.Parse(Assert.Single(await services.Table.QueuedTranscriptsAsync(callSid)));
        Assert.Equal(callSid, payload.RootElement.GetProperty("call_sid").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(start).UtcDateTime, payload.RootElement.GetProperty("conversation_start").GetDateTime().ToUniversalTime());
        Assert.Equal(
            [("agent", "Hi, this is dispatch.", 0.0), ("user", "Yes?", 3.0)],
            payload.RootElement.GetProperty("turns").EnumerateArray()
                .Select(t => (t.GetProperty("role").GetString(), t.GetProperty("message").GetString(), t.GetProperty("time_in_call_secs").GetDouble())));
    }

    [Fact]
    public async Task A_conversation_id_that_belongs_to_another_call_is_not_a_500()
    {
        var (first, firstConversation) = await services.PlaceAcceptedCallAsync(706);
        var failed = await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(707, "+15557770000")), TestContext.Current.CancellationToken);
        var second = (await failed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("call_sid").GetString()!;

        var response = await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.Transcription(firstConversation, second, "done", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 5), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await services.Table.FindAsync(second))!.ConversationId);
        Assert.Equal(firstConversation, (await services.Table.FindAsync(first))!.ConversationId);
    }

    [Fact]
    public async Task An_unknown_call_is_a_404()
    {
        var response = await _client.PostAsJsonAsync(PostCallEvents.Url, PostCallEvents.Transcription("conv_nobody", "EL_0_nobody", "done", 0, 0), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("error", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Other_event_types_are_ignored_with_a_200()
    {
        var response = await _client.PostAsJsonAsync(PostCallEvents.Url, new { type = "post_call_audio", event_timestamp = 1, data = new { conversation_id = "conv_x", full_audio = "AAAA" } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"event_timestamp":1}""")]
    [InlineData("""{"type":"post_call_transcription","data":{}}""")]
    [InlineData("""{"type":"post_call_transcription","data":{"metadata":{"start_time_unix_secs":"soon"}}}""")]
    [InlineData("""{"type":"post_call_transcription","data":{"conversation_id":"c","metadata":{"start_time_unix_secs":99999999999999,"call_duration_secs":1}}}""")]
    [InlineData("""{"type":"post_call_transcription","data":{"conversation_id":"c\u0000"}}""")]
    [InlineData("""{"type":"post_call_transcription","data":{"conversation_id":"c","transcript":[{"role":"user","message":"a\u0000b","time_in_call_secs":1}]}}""")]
    [InlineData("""{"type":"post_call_transcription","data":{"conversation_id":"c","transcript":[{"role":"user","message":"ok","time_in_call_secs":-4}]}}""")]
    public async Task Malformed_events_are_400s(string json)
    {
        var response = await _client.PostAsync(PostCallEvents.Url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("error", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
    }
}
