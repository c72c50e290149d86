using CallSid.ElevenLabsEmulator;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>
/// A mixed run as ElevenLabs plays it: a share of calls reach voicemail, are not answered, are busy or fail, each
/// conversation is processing a while before it is done or failed, and another agent's post-call events arrive too.
/// Every call ends as the emulator played it, and every delivery is acknowledged (ElevenLabs disables a failing webhook).
/// </summary>
public sealed class EmulatedOutcomesTests(PostgresClusterFixture cluster)
{
    private const int Drivers = 60;

    [Fact]
    public async Task Each_call_ends_as_played_and_every_post_call_delivery_gets_a_200_another_agents_included()
    {
        await using var system = await PlaybackSystem.StartAsync(
            cluster,
            PlaybackSystem.ShortCalls(new()
            {
                ["Emulator:Outcomes:0:Share"] = "0.15", ["Emulator:Outcomes:0:Outcome"] = "voicemail",
                ["Emulator:Outcomes:1:Share"] = "0.15", ["Emulator:Outcomes:1:Outcome"] = "no-answer",
                ["Emulator:Outcomes:2:Share"] = "0.15", ["Emulator:Outcomes:2:Outcome"] = "busy",
                ["Emulator:Outcomes:3:Share"] = "0.15", ["Emulator:Outcomes:3:Outcome"] = "failed",
                ["Emulator:ProcessingDelay"] = "00:00:00.300",
                ["Emulator:OtherAgentId"] = "agent_other_workspace_agent",
            }),
            PlaybackSystem.Queueing([]));

        await system.CallDriversAsync(4000, Drivers);

        await Readiness.WaitAsync(
            async _ => (await system.CallsAsync()).Count(c => c.Status is not ("queued" or "in_progress")) == Drivers ? null : "calls still live",
            TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        var statuses = (await system.CallsAsync()).ToDictionary(c => c.CallSid, c => c.Status);
        var played = system.Conversations.All.ToDictionary(
            c => c.Request.GetProperty("conversation_initiation_client_data").GetProperty("dynamic_variables").GetProperty("call_sid").GetString()!,
            c => c.Scenario switch
            {
                null => "completed",
                OutcomeRule.NoAnswer => "no_answer",
                var scenario => scenario,
            });
        Assert.Equal(played.OrderBy(p => p.Key), statuses.OrderBy(s => s.Key));
        Assert.True(played.Values.Distinct().Count() >= 4, $"too few kinds of outcome played: {string.Join(", ", played.Values.Distinct())}");

        // Each conversation's post_call_transcription (an initiation failure has none) is followed by the other agent's.
        var others = played.Values.Count(outcome => outcome is not ("busy" or "no_answer"));
        var sent = system.Emulator.GetService<WebhookDeliveries>();
        await Readiness.WaitAsync(() => sent.All.Count == Drivers + others ? null : $"{sent.All.Count} of {Drivers + others} events sent",
            TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        var deliveries = sent.All;
        Assert.Equal(others, deliveries.Count(d => d.AgentId == "agent_other_workspace_agent"));
        Assert.Equal(Drivers - others, deliveries.Count(d => d.Type == "call_initiation_failure"));
        Assert.All(deliveries, d => Assert.Equal(200, d.Status));
        TestContext.Current.TestOutputHelper?.WriteLine("Outcomes of a mixed run: " + string.Join(", ",
            statuses.Values.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
    }
}
