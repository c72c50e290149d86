using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallSid.Transcripts.Tests;

/// <summary>The seed's webhook contract, through the edge, on real services.</summary>
public sealed class TranscriptionWebhookTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    [Fact]
    public async Task A_valid_turn_is_stored_with_sequence_number_1()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(555);

        using var response = await system.PostTurnAsync(WebhookSystem.Turn(callSid, "Test webhook message"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal($"Transcription saved successfully for call_sid {callSid}", body.GetProperty("message").GetString());
        Assert.Equal(1, body.GetProperty("sequence_number").GetInt32());
        Assert.True(body.GetProperty("transcription_id").GetInt32() > 0);
        Assert.Equal([(1, "agent", "Test webhook message", new DateTime(2024, 11, 21, 10, 30, 0, DateTimeKind.Utc))], await system.StoredTurnsAsync(conversationId!));
    }

    [Fact]
    public async Task An_unknown_call_sid_is_a_400_saying_not_found()
    {
        using var response = await system.PostTurnAsync(WebhookSystem.Turn("EL_INVALID_999999", "Test message"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Contains("not found", body.GetProperty("message").GetString()!.ToLowerInvariant());
        Assert.Equal("Call record not found or incomplete for call_sid: EL_INVALID_999999", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_call_without_a_conversation_id_is_a_400_and_stores_nothing()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(556, "+15557770000"); // ElevenLabs fails: no conversation_id

        using var response = await system.PostTurnAsync(WebhookSystem.Turn(callSid, "Hello?"));

        Assert.Null(conversationId);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal($"Call record not found or incomplete for call_sid: {callSid}", body.GetProperty("message").GetString());
        Assert.Contains("has no conversation_id", body.GetProperty("details").GetString());
    }

    [Fact]
    public async Task The_driver_speaks_as_user_and_is_stored_as_driver_with_timestamps_in_UTC()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(557);

        await system.PostTurnAsync(WebhookSystem.Turn(callSid, "Hi, this is dispatch.", "agent", "2024-11-21T12:30:00+02:00"));
        await system.PostTurnAsync(WebhookSystem.Turn(callSid, "Yes?", "user", "2024-11-21T10:30:05.250Z"));

        Assert.Equal(
            [(1, "agent", "Hi, this is dispatch.", new DateTime(2024, 11, 21, 10, 30, 0, DateTimeKind.Utc)),
             (2, "driver", "Yes?", new DateTime(2024, 11, 21, 10, 30, 5, 250, DateTimeKind.Utc))],
            await system.StoredTurnsAsync(conversationId!));
    }

    public static TheoryData<string, string> BadTurns => new()
    {
        { """{"speaker":"agent","message":"m","timestamp":"2024-11-21T10:30:00Z"}""", "call_sid is required" },
        { """{"call_sid":"","speaker":"agent","message":"m","timestamp":"2024-11-21T10:30:00Z"}""", "call_sid is required" },
        { """{"call_sid":"EL_1_x","speaker":"caller","message":"m","timestamp":"2024-11-21T10:30:00Z"}""", "speaker must be 'agent' or 'user'; got 'caller'" },
        { """{"call_sid":"EL_1_x","message":"m","timestamp":"2024-11-21T10:30:00Z"}""", "speaker is required" },
        { """{"call_sid":"EL_1_x","speaker":"agent","message":"","timestamp":"2024-11-21T10:30:00Z"}""", "message is required" },
        { """{"call_sid":"EL_1_x","speaker":"agent","message":"m","timestamp":"half past ten"}""", "timestamp 'half past ten' must be a valid ISO8601 format" },
        { """{"call_sid":"EL_1_x","speaker":"agent","message":"m"}""", "timestamp is required" },
        { $$"""{"call_sid":"EL_1_x","speaker":"agent","message":"{{new string('a', 10_001)}}","timestamp":"2024-11-21T10:30:00Z"}""", "message is 10001 characters; at most 10000" },
        { """{"call_sid":"EL_1_x","speaker":"agent","message":"a\u0000b","timestamp":"2024-11-21T10:30:00Z"}""", "message must not contain NUL characters" },
        { """{"call_sid":"EL_1_\u0000","speaker":"agent","message":"m","timestamp":"2024-11-21T10:30:00Z"}""", "call_sid must not contain NUL characters" },
        // A line break in an identifier would split the log line that names it.
        { """{"call_sid":"EL_1_x\nINFO forged","speaker":"agent","message":"m","timestamp":"2024-11-21T10:30:00Z"}""", "call_sid must not contain control characters" },
        { """{"call_sid":"EL_1_x","speaker":"agent","message":"m","timestamp":"2024-11-21T10:30:00Z\n"}""", "timestamp '2024-11-21T10:30:00Z\n' must be a valid ISO8601 format" },
        // Once stored as PostgreSQL's -infinity and infinity.
        { """{"call_sid":"EL_1_x","speaker":"agent","message":"m","timestamp":"0001-01-01T00:00:00Z"}""", "timestamp '0001-01-01T00:00:00Z' is outside the accepted range" },
        { """{"call_sid":"EL_1_x","speaker":"agent","message":"m","timestamp":"9999-12-31T23:59:59.9999999Z"}""", "timestamp '9999-12-31T23:59:59.9999999Z' is outside the accepted range" },
    };

    [Theory]
    [MemberData(nameof(BadTurns))]
    public async Task Bad_input_is_a_400_naming_the_problem(string json, string expected)
    {
        using var response = await system.PostTurnJsonAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal("Invalid request data", body.GetProperty("message").GetString());
        Assert.Contains(expected, body.GetProperty("details").GetString());
    }

    [Theory]
    [InlineData("""{"call_sid":"\ud800","speaker":"agent","message":"m","timestamp":"2024-11-21T10:30:00Z"}""")]
    [InlineData("""{"call_sid":"EL_1_x","speaker":"agent","message":"\udc00 lone","timestamp":"2024-11-21T10:30:00Z"}""")]
    [InlineData("""{"call_sid": "EL_1_x", """)]
    [InlineData("""{"call_sid": 42, "speaker":"agent","message":"m","timestamp":"2024-11-21T10:30:00Z"}""")]
    [InlineData("""["call_sid"]""")]
    public async Task Unreadable_json_is_a_400_not_a_500(string json)
    {
        using var response = await system.PostTurnJsonAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid JSON body", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_body_in_an_unknown_charset_is_a_415_through_the_edge_and_direct()
    {
        var viaEdge = system.PostTurnContentAsync(UnknownCharset());
        var direct = system.Transcripts.CreateClient().PostAsync("/webhooks/elevenlabs/transcription", UnknownCharset(), TestContext.Current.CancellationToken);

        foreach (var response in await Task.WhenAll(viaEdge, direct))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Equal("charset 'nonsense' is not accepted", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("details").GetString());
        }

        static ByteArrayContent UnknownCharset()
        {
            var content = new ByteArrayContent("""{"call_sid":"EL_1_x","speaker":"agent","message":"m","timestamp":"2024-11-21T10:30:00Z"}"""u8.ToArray());
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=nonsense");
            return content;
        }
    }

    [Fact]
    public async Task The_transcript_lists_the_turns_in_sequence_order()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(558);
        for (var i = 1; i <= 3; i++)
        {
            await system.PostTurnAsync(WebhookSystem.Turn(callSid, $"turn {i}", i % 2 == 1 ? "agent" : "user", $"2024-11-21T10:30:0{i}Z"));
        }

        var transcript = await system.Transcripts.CreateClient().GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(callSid)}/transcript", TestContext.Current.CancellationToken);
        var missing = await system.Transcripts.CreateClient().GetAsync("/calls/EL_0_nobody/transcript", TestContext.Current.CancellationToken);

        Assert.Equal(callSid, transcript.GetProperty("call_sid").GetString());
        Assert.Equal(conversationId, transcript.GetProperty("conversation_id").GetString());
        var turns = transcript.GetProperty("turns").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], turns.Select(t => t.GetProperty("sequence_number").GetInt32()));
        Assert.Equal(["agent", "driver", "agent"], turns.Select(t => t.GetProperty("speaker").GetString()));
        Assert.Equal(["turn 1", "turn 2", "turn 3"], turns.Select(t => t.GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
