using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallSid.Transcripts.Tests;

/// <summary>Where the seed's count + 1 raced: concurrent turns and repeated deliveries.</summary>
public sealed class ConcurrencyTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    [Fact]
    public async Task A_hundred_concurrent_turns_of_one_call_are_numbered_exactly_1_to_100()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(600);
        var client = system.Edge.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(1, 100).Select(i =>
            system.PostTurnAsync(WebhookSystem.Turn(callSid, $"turn {i}", timestamp: $"2024-11-21T10:30:00.{i:000}Z"), client)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence_number").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 100), numbers.Order());
        var stored = await system.StoredTurnsAsync(conversationId!);
        Assert.Equal(Enumerable.Range(1, 100), stored.Select(t => t.Sequence));
        Assert.Equal(100, stored.Select(t => t.Message).Distinct().Count());
    }

    [Fact]
    public async Task Fifty_deliveries_of_one_turn_store_one_row_and_all_answer_with_it()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(601);
        var client = system.Edge.CreateClient();
        var turn = WebhookSystem.Turn(callSid, "Said once, delivered fifty times", "user");

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => system.PostTurnAsync(turn, client)));

        var answers = await Task.WhenAll(responses.Select(async r => (r.StatusCode, Body: await r.Content.ReadFromJsonAsync<JsonElement>())));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(49, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Single(answers.Select(a => (a.Body.GetProperty("transcription_id").GetInt32(), a.Body.GetProperty("sequence_number").GetInt32())).Distinct());
        Assert.Single(await system.StoredTurnsAsync(conversationId!));
    }

    [Fact]
    public async Task A_repeated_delivery_after_other_turns_keeps_its_original_number()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(602);
        var first = WebhookSystem.Turn(callSid, "first", timestamp: "2024-11-21T10:30:01Z");
        await system.PostTurnAsync(first);
        await system.PostTurnAsync(WebhookSystem.Turn(callSid, "second", "user", "2024-11-21T10:30:02Z"));

        using var again = await system.PostTurnAsync(first);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("sequence_number").GetInt32());
        Assert.Equal([1, 2], (await system.StoredTurnsAsync(conversationId!)).Select(t => t.Sequence));
    }
}
