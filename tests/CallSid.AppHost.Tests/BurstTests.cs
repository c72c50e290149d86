using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.AppHost.Tests;

/// <summary>
/// A burst of per-turn webhooks as users run the system (the AppHost, the dashboard on and receiving telemetry) on a
/// machine with no core to spare: ElevenLabs sends each turn once, so every one must be stored, none refused.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class BurstTests(DashboardAppHost appHost)
{
    private const int Turns = 200;
    private const int Senders = 50;

    [Fact]
    public async Task Two_hundred_turns_from_fifty_concurrent_senders_through_the_edge_are_all_stored_while_every_core_is_busy()
    {
        var callSid = await appHost.PlaceCallAsync(601);
        await appHost.WaitForConversationAsync(callSid);
        var pending = new ConcurrentQueue<int>(Enumerable.Range(1, Turns));
        var answers = new ConcurrentBag<(int Turn, HttpStatusCode Status, string Body)>();

        using (BusyCores.Start())
        {
            await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
            {
                while (pending.TryDequeue(out var turn))
                {
                    using var response = await appHost.PostTurnAsync(callSid, $"burst turn {turn}", DateTime.UtcNow);
                    answers.Add((turn, response.StatusCode, await response.Content.ReadAsStringAsync()));
                }
            }));
        }

        Assert.Equal(Turns, answers.Count);
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Created, $"turn {a.Turn}: {(int)a.Status} {a.Body}"));
        var numbers = answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("sequence_number").GetInt32()).ToList();
        Assert.Equal(Turns, numbers.Distinct().Count());
        var transcript = await appHost.Transcripts.GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(callSid)}/transcript", TestContext.Current.CancellationToken);
        var stored = transcript.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("sequence_number").GetInt32()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, stored.Count), stored); // with the emulator's own turns: no gap, no duplicate
    }
}
