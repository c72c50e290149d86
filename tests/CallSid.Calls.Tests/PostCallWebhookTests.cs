using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>ElevenLabs' post-call events, in the shapes its documentation gives (the edge has already checked the signature).</summary>
public sealed class PostCallWebhookTests(CallsServices services) : IClassFixture<CallsServices>
{
    private const string Url = "/webhooks/elevenlabs/post-call";
    private readonly HttpClient _client = services.CreateClient();

    [Fact]
    public async Task A_transcription_event_completes_the_call_named_by_its_call_sid_with_the_end_time()
    {
        var (callSid, conversationId) = await PlaceAsync(700);
        var start = DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeSeconds();

        var response = await _client.PostAsJsonAsync(Url, TranscriptionEvent(conversationId: "conv_other_or_missing", callSid, "done", start, 95), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("completed", row!.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(start + 95).UtcDateTime, row.CallEndTime);
        Assert.Equal(conversationId, row.ConversationId); // the stored one stays
    }

    [Fact]
    public async Task Without_a_call_sid_the_conversation_id_finds_the_call()
    {
        var (callSid, conversationId) = await PlaceAsync(701);

        var response = await _client.PostAsJsonAsync(Url, TranscriptionEvent(conversationId, callSid: null, "done", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 30), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", (await services.Table.FindAsync(callSid))!.Status);
    }

    [Fact]
    public async Task A_failed_conversation_fails_the_call()
    {
        var (callSid, conversationId) = await PlaceAsync(702);

        await _client.PostAsJsonAsync(Url, TranscriptionEvent(conversationId, callSid, "failed", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3), TestContext.Current.CancellationToken);

        Assert.Equal("failed", (await services.Table.FindAsync(callSid))!.Status);
    }

    [Fact]
    public async Task A_call_initiation_failure_fails_the_call()
    {
        var (callSid, conversationId) = await PlaceAsync(703);
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

        var response = await _client.PostAsJsonAsync(Url, failure, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("failed", row!.Status);
        Assert.NotNull(row.CallEndTime);
    }

    [Fact]
    public async Task A_repeated_event_is_a_200_and_a_contradicting_one_is_not_applied()
    {
        var (callSid, conversationId) = await PlaceAsync(704);
        var done = TranscriptionEvent(conversationId, callSid, "done", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 10);

        await _client.PostAsJsonAsync(Url, done, TestContext.Current.CancellationToken);
        var repeated = await _client.PostAsJsonAsync(Url, done, TestContext.Current.CancellationToken);
        var contradicting = await _client.PostAsJsonAsync(Url, TranscriptionEvent(conversationId, callSid, "failed", 0, 0), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, contradicting.StatusCode);
        Assert.Equal("ignored", (await contradicting.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        Assert.Equal("completed", (await services.Table.FindAsync(callSid))!.Status);
    }

    [Fact]
    public async Task A_call_marked_failed_still_learns_its_conversation_id_from_ElevenLabs()
    {
        // A dial that failed on our side (for example a timeout) may have connected at ElevenLabs after all.
        var response = await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(705, "+15557770000")), TestContext.Current.CancellationToken);
        var callSid = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("call_sid").GetString()!;

        var late = await _client.PostAsJsonAsync(Url, TranscriptionEvent("conv_connected_after_all", callSid, "done", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 20), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("failed", row!.Status);                               // a finished call is not reopened...
        Assert.Equal("conv_connected_after_all", row.ConversationId);     // ...but its conversation is on record
    }

    [Fact]
    public async Task A_conversation_id_that_belongs_to_another_call_is_not_a_500()
    {
        var (first, firstConversation) = await PlaceAsync(706);
        var failed = await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(707, "+15557770000")), TestContext.Current.CancellationToken);
        var second = (await failed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("call_sid").GetString()!;

        var response = await _client.PostAsJsonAsync(Url, TranscriptionEvent(firstConversation, second, "done", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 5), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await services.Table.FindAsync(second))!.ConversationId);
        Assert.Equal(firstConversation, (await services.Table.FindAsync(first))!.ConversationId);
    }

    [Fact]
    public async Task An_unknown_call_is_a_404()
    {
        var response = await _client.PostAsJsonAsync(Url, TranscriptionEvent("conv_nobody", "EL_0_nobody", "done", 0, 0), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("error", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Other_event_types_are_ignored_with_a_200()
    {
        var response = await _client.PostAsJsonAsync(Url, new { type = "post_call_audio", event_timestamp = 1, data = new { conversation_id = "conv_x", full_audio = "AAAA" } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"event_timestamp":1}""")]
    [InlineData("""{"type":"post_call_transcription","data":{}}""")]
    [InlineData("""{"type":"post_call_transcription","data":{"metadata":{"start_time_unix_secs":"soon"}}}""")]
    [InlineData("""{"type":"post_call_transcription","data":{"conversation_id":"c","metadata":{"start_time_unix_secs":99999999999999,"call_duration_secs":1}}}""")]
    [InlineData("""{"type":"post_call_transcription","data":{"conversation_id":"c\u0000"}}""")]
    public async Task Malformed_events_are_400s(string json)
    {
        var response = await _client.PostAsync(Url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("error", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
    }

    private async Task<(string CallSid, string ConversationId)> PlaceAsync(int driverId)
    {
        var (callSid, conversationId) = await services.PlaceCallAsync(driverId);
        return (callSid, conversationId!);
    }

    private static object TranscriptionEvent(string conversationId, string? callSid, string status, long start, long duration) => new
    {
        type = "post_call_transcription",
        event_timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        data = new
        {
            agent_id = "agent_test_01",
            conversation_id = conversationId,
            status,
            transcript = new[] { new { role = "agent", message = "Hello", time_in_call_secs = 0 } },
            metadata = new { start_time_unix_secs = start, call_duration_secs = duration },
            conversation_initiation_client_data = callSid is null
                ? null
                : new { dynamic_variables = new Dictionary<string, object> { ["call_sid"] = callSid, ["driver_id"] = "7" } },
        },
    };
}
