using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>
/// How calls end, end to end: the emulator plays voicemail, busy, no answer and a failed conversation (by number
/// suffix) and sends ElevenLabs' signed events through the real edge; Calls records each outcome.
/// </summary>
public sealed class OutcomeEndToEndTests(PostgresClusterFixture cluster)
{
    [Fact]
    public async Task Voicemail_busy_no_answer_failed_and_a_spoken_call_each_end_as_ElevenLabs_reports_them()
    {
        await using var system = await PlaybackSystem.StartAsync(cluster, emulator: new()
        {
            ["Emulator:Outcomes:0:NumberSuffix"] = "0101", ["Emulator:Outcomes:0:Outcome"] = "voicemail",
            ["Emulator:Outcomes:1:NumberSuffix"] = "0102", ["Emulator:Outcomes:1:Outcome"] = "busy",
            ["Emulator:Outcomes:2:NumberSuffix"] = "0103", ["Emulator:Outcomes:2:Outcome"] = "no-answer",
            ["Emulator:Outcomes:3:NumberSuffix"] = "0104", ["Emulator:Outcomes:3:Outcome"] = "failed",
        });
        var expected = new Dictionary<string, string>();
        foreach (var (driverId, phone, status) in new[]
        {
            (1101, "+15557770101", "voicemail"), (1102, "+15557770102", "busy"), (1103, "+15557770103", "no_answer"),
            (1104, "+15557770104", "failed"), (1105, "+15557770105", "completed"),
        })
        {
            expected[(await system.PlaceCallAsync(driverId, phone)).GetProperty("call_sid").GetString()!] = status;
        }

        var calls = new Dictionary<string, JsonElement>();
        await PlaybackSystem.WaitUntilAsync(async () =>
        {
            foreach (var callSid in expected.Keys)
            {
                calls[callSid] = await system.CallAsync(callSid);
            }

            var waiting = expected.Where(e => calls[e.Key].GetProperty("status").GetString() == "in_progress").Select(e => e.Value).ToList();
            return waiting.Count == 0 ? null : $"still in progress: {string.Join(", ", waiting)}";
        });

        Assert.Equal(expected.Values, expected.Keys.Select(callSid => calls[callSid].GetProperty("status").GetString()));
        var byStatus = expected.ToDictionary(e => e.Value, e => calls[e.Key]);
        Assert.Equal("voicemail_detection tool was called.", byStatus["voicemail"].GetProperty("termination_reason").GetString());
        Assert.Equal("failure", byStatus["voicemail"].GetProperty("call_successful").GetString());
        Assert.Equal("call_initiation_failure: busy", byStatus["busy"].GetProperty("failure_reason").GetString());
        Assert.Equal("call_initiation_failure: no-answer", byStatus["no_answer"].GetProperty("failure_reason").GetString());
        Assert.Contains("code 1011 emulated conversation failure", byStatus["failed"].GetProperty("failure_reason").GetString());
        var spoken = byStatus["completed"];
        Assert.Equal("success", spoken.GetProperty("call_successful").GetString());
        Assert.Equal("Call ended by remote party", spoken.GetProperty("termination_reason").GetString());
        Assert.False(string.IsNullOrEmpty(spoken.GetProperty("summary").GetString()));
        Assert.True(spoken.GetProperty("data_collection_results").GetProperty("driver_acknowledged").GetProperty("value").GetBoolean());
    }

    [Fact]
    public async Task A_conversation_processing_after_its_last_turn_keeps_the_call_in_progress_until_the_post_call_event()
    {
        await using var system = await PlaybackSystem.StartAsync(cluster, emulator: new() { ["Emulator:ProcessingDelay"] = "00:00:05" });
        var placed = await system.PlaceCallAsync(1106);
        var callSid = placed.GetProperty("call_sid").GetString()!;
        var conversationId = placed.GetProperty("conversation_id").GetString()!;

        await PlaybackSystem.WaitUntilAsync(async () =>
            await system.ConversationStatusAsync(conversationId) is var status && status == "processing" ? null : $"conversation is {status}");
        var whileProcessing = (await system.CallAsync(callSid)).GetProperty("status").GetString();
        await PlaybackSystem.WaitUntilAsync(async () =>
            (await system.CallAsync(callSid)).GetProperty("status").GetString() is var status && status == "completed" ? null : $"call is {status}");

        Assert.Equal("in_progress", whileProcessing);
        Assert.Equal("done", await system.ConversationStatusAsync(conversationId));
    }
}
