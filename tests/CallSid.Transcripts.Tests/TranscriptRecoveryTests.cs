using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallSid.Transcripts.Tests;

/// <summary>
/// Transcripts' recovery endpoint, as Calls calls it after a post-call event: the stored transcript becomes complete,
/// acknowledged numbers never change, and nothing is stored twice, whatever arrives in whichever order.
/// </summary>
public sealed class TranscriptRecoveryTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    private static readonly DateTime Start = new(2024, 11, 21, 10, 30, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Recovery_stores_exactly_the_missing_turns_with_the_next_numbers_and_the_transcript_reads_in_spoken_order()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(900);
        await DeliverAsync(callSid, "Hi, this is dispatch.", "agent", Start.AddSeconds(1.2));
        await DeliverAsync(callSid, "Trip 900 shows a violation.", "agent", Start.AddSeconds(5.3));
        await DeliverAsync(callSid, "The reefer alarmed.", "user", Start.AddSeconds(8.1));

        using var response = await RecoverAsync(conversationId!, callSid,
            ("agent", "Hi, this is dispatch.", 0), ("user", "Yes, go ahead.", 3), ("agent", "Trip 900 shows a violation.", 5),
            ("user", "The reefer alarmed.", 7), ("agent", "Thanks, drive safe.", 9));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(3, body.GetProperty("already_stored").GetInt32());
        Assert.Equal([4, 5], body.GetProperty("added").EnumerateArray().Select(n => n.GetInt32()));
        var turns = await TranscriptAsync(callSid);
        Assert.Equal(
            [(1, "agent", "Hi, this is dispatch.", "webhook"), (4, "driver", "Yes, go ahead.", "post_call"), (2, "agent", "Trip 900 shows a violation.", "webhook"),
             (3, "driver", "The reefer alarmed.", "webhook"), (5, "agent", "Thanks, drive safe.", "post_call")],
            turns.Select(t => (t.Sequence, t.Speaker, t.Message, t.Source)));
        Assert.Equal(Start.AddSeconds(3), turns[1].Timestamp); // the conversation's start plus time_in_call_secs
        Assert.Equal(Start.AddSeconds(9), turns[4].Timestamp);
    }

    [Fact]
    public async Task The_same_transcript_again_and_five_times_at_once_adds_nothing_more()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(901);
        (string, string, double)[] transcript = [("agent", "Hello?", 0), ("user", "Yes.", 2), ("agent", "Bye.", 4)];
        await DeliverAsync(callSid, "Yes.", "user", Start.AddSeconds(2.5));

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => RecoverAsync(conversationId!, callSid, transcript)));
        using var again = await RecoverAsync(conversationId!, callSid, transcript);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var added = await Task.WhenAll(responses.Append(again).Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetArrayLength()));
        Assert.Equal(2, added.Sum()); // one of the six added both missing turns, the others nothing
        Assert.Equal([(1, "Yes."), (2, "Hello?"), (3, "Bye.")], (await system.StoredTurnsAsync(conversationId!)).Select(t => (t.Sequence, t.Message)));
    }

    [Fact]
    public async Task A_late_delivery_of_a_recovered_turn_answers_200_with_its_id_and_so_does_a_repeat_of_it()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(902);
        await RecoverAsync(conversationId!, callSid, ("agent", "Hello?", 0), ("user", "I have a   MINUTE.", 2), ("agent", "Good.", 4));
        var recovered = (await TranscriptAsync(callSid))[1];

        // The server tool's words differ from the transcript's only in whitespace and case.
        using var late = await system.PostTurnAsync(WebhookSystem.Turn(callSid, " I have a minute. ", "user", "2024-11-21T10:30:02.700Z"));
        using var repeat = await system.PostTurnAsync(WebhookSystem.Turn(callSid, " I have a minute. ", "user", "2024-11-21T10:30:02.700Z"));
        using var newTurn = await system.PostTurnAsync(WebhookSystem.Turn(callSid, "One more thing.", "user", "2024-11-21T10:30:06Z"));

        foreach (var answer in new[] { late, repeat })
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var body = await answer.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal(recovered.Sequence, body.GetProperty("sequence_number").GetInt32());
            Assert.Equal(recovered.Id, body.GetProperty("transcription_id").GetInt32());
        }

        Assert.Equal(HttpStatusCode.Created, newTurn.StatusCode);
        Assert.Equal(4, (await newTurn.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("sequence_number").GetInt32());
        Assert.Equal(["post_call", "post_call", "post_call", "webhook"], (await TranscriptAsync(callSid)).Select(t => t.Source));
    }

    [Fact]
    public async Task A_driver_who_says_yes_twice_keeps_both_and_the_delivered_one_is_matched_to_the_nearer()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(903);
        await DeliverAsync(callSid, "Yes.", "user", Start.AddSeconds(20.4)); // the second "Yes." was delivered, the first skipped

        await RecoverAsync(conversationId!, callSid, ("agent", "Is this Dana?", 0), ("user", "Yes.", 3), ("agent", "Were you at the yard?", 10), ("user", "Yes.", 20));

        Assert.Equal(
            [("Is this Dana?", "post_call"), ("Yes.", "post_call"), ("Were you at the yard?", "post_call"), ("Yes.", "webhook")],
            (await TranscriptAsync(callSid)).Select(t => (t.Message, t.Source)));
    }

    [Fact]
    public async Task A_recovered_turn_whose_whole_second_falls_before_an_earlier_turn_is_placed_after_it()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(904);
        await DeliverAsync(callSid, "one", "agent", Start.AddSeconds(3.6));
        await DeliverAsync(callSid, "three", "agent", Start.AddSeconds(3.9));

        // "two" was said at 3.7 s; ElevenLabs says 3, which alone would put it before "one".
        await RecoverAsync(conversationId!, callSid, ("agent", "one", 3), ("user", "two", 3), ("agent", "three", 3));

        var turns = await TranscriptAsync(callSid);
        Assert.Equal(["one", "two", "three"], turns.Select(t => t.Message));
        Assert.Equal(turns[0].Timestamp, turns[1].Timestamp); // the same time as "one", after it by sequence number
    }

    [Theory]
    [InlineData("""{"conversation_start":"2024-11-21T10:30:00Z","turns":[]}""", "turns must hold at least one turn")]
    [InlineData("""{"turns":[{"role":"agent","message":"m","time_in_call_secs":0}]}""", "conversation_start is required")]
    [InlineData("""{"conversation_start":"soon","turns":[{"role":"agent","message":"m","time_in_call_secs":0}]}""", "conversation_start 'soon' must be a valid ISO8601 format")]
    [InlineData("""{"conversation_start":"2024-11-21T10:30:00Z","turns":[{"role":"tool","message":"m","time_in_call_secs":0}]}""", "turns[0].role must be 'agent' or 'user'; got 'tool'")]
    [InlineData("""{"conversation_start":"2024-11-21T10:30:00Z","turns":[{"role":"user","message":" ","time_in_call_secs":0}]}""", "turns[0].message is required")]
    [InlineData("""{"conversation_start":"2024-11-21T10:30:00Z","turns":[{"role":"user","message":"a\u0000b","time_in_call_secs":0}]}""", "turns[0].message must not contain NUL characters")]
    [InlineData("""{"conversation_start":"2024-11-21T10:30:00Z","turns":[{"role":"user","message":"m","time_in_call_secs":-1}]}""", "turns[0].time_in_call_secs must be a number of seconds")]
    public async Task Bad_recovery_requests_are_400s_naming_the_problem(string json, string expected)
    {
        using var response = await system.Transcripts.CreateClient().PostAsync(
            "/conversations/conv_any/transcript", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("Invalid request data", body.GetProperty("message").GetString());
        Assert.Contains(expected, body.GetProperty("details").GetString());
    }

    [Fact]
    public async Task A_conversation_no_call_has_is_a_404_and_stores_nothing()
    {
        using var response = await RecoverAsync("conv_nobody_has", "EL_0_nobody", ("agent", "Hello?", 0));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Conversation not found: conv_nobody_has", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("message").GetString());
        Assert.Empty(await system.StoredTurnsAsync("conv_nobody_has"));
    }

    private async Task DeliverAsync(string callSid, string message, string speaker, DateTime at)
    {
        using var response = await system.PostTurnAsync(WebhookSystem.Turn(callSid, message, speaker, at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<HttpResponseMessage> RecoverAsync(string conversationId, string callSid, params (string Role, string Message, double Secs)[] turns) =>
        system.Transcripts.CreateClient().PostAsJsonAsync(
            $"/conversations/{conversationId}/transcript",
            new
            {
                call_sid = callSid,
                conversation_start = Start.ToString("O"),
                turns = turns.Select(t => new { role = t.Role, message = t.Message, time_in_call_secs = t.Secs }),
            });

    private async Task<List<(int Id, int Sequence, string Speaker, string Message, DateTime Timestamp, string Source)>> TranscriptAsync(string callSid)
    {
        var transcript = await system.Transcripts.CreateClient().GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(callSid)}/transcript");
        var ids = (await Testing.Sql.QueryAsync(system.ConnectionString,
                "SELECT sequence_number, id FROM dev.call_transcriptions WHERE conversation_id = $1", r => (r.GetInt32(0), r.GetInt32(1)), transcript.GetProperty("conversation_id").GetString()))
            .ToDictionary(x => x.Item1, x => x.Item2);
        return transcript.GetProperty("turns").EnumerateArray()
            .Select(t => (ids[t.GetProperty("sequence_number").GetInt32()], t.GetProperty("sequence_number").GetInt32(), t.GetProperty("speaker").GetString()!,
                t.GetProperty("message").GetString()!, t.GetProperty("timestamp").GetDateTime().ToUniversalTime(), t.GetProperty("source").GetString()!))
            .ToList();
    }
}
