using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>
/// The redial policy: a driver not reached (no answer, busy, voicemail) is called again, each attempt a call record of
/// its own linked to the first, only after the last attempt ended and the minimum delay, up to the attempts allowed.
/// </summary>
public sealed class RedialTests(PostgresClusterFixture cluster)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_driver_who_never_answers_is_dialled_three_times_each_attempt_linked_and_after_the_last_one_ended()
    {
        await using var system = await StartAsync(cluster, redial: true);

        var batch = await system.CallDriversAsync(3100, 1, _ => "+15557770103");

        var first = batch.Single().GetProperty("call_sid").GetString()!;
        await WaitForAsync(system, calls => calls.Count == 3 && calls.All(c => c.Status == "no_answer"));
        var attempts = await system.CallsAsync();
        Assert.Equal([1, 2, 3], attempts.Select(c => c.Attempt));
        Assert.Equal([null, first, first], attempts.Select(c => c.FirstCallSid));
        Assert.All(attempts.Skip(1), c => Assert.Matches(@"^EL_3100_\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", c.CallSid));
        foreach (var (earlier, later) in attempts.Zip(attempts.Skip(1)))
        {
            Assert.True(later.Start >= earlier.End!.Value + MinimumDelay - TimeSpan.FromMilliseconds(5),
                $"{later.CallSid} dialled at {later.Start:O}, {earlier.CallSid} ended at {earlier.End:O}");
        }

        Assert.Equal(attempts.Select(c => c.CallSid), system.Dials().Accepted); // each attempt dialled once, no fourth
        Assert.Equal(0L, await Sql.ScalarAsync(system.ConnectionString, "SELECT count(*) FROM dev.dial_requests"));
        using var get = await system.Calls.CreateClient().GetAsync($"/calls/{Uri.EscapeDataString(attempts[2].CallSid)}", TestContext.Current.CancellationToken);
        var last = await get.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((3, first), (last.GetProperty("attempt").GetInt32(), last.GetProperty("first_call_sid").GetString()));
    }

    [Fact]
    public async Task Busy_and_voicemail_are_redialled_a_reached_driver_and_a_failed_call_are_not_and_redial_is_off_by_default()
    {
        await using var system = await StartAsync(cluster, redial: true);
        await using var off = await StartAsync(cluster, redial: false);
        var phones = new Dictionary<int, string> { [3200] = "+15557770102", [3201] = "+15557770101", [3202] = "+15551234567", [3203] = "+15557770103" };

        await system.CallDriversAsync(3200, 3, id => phones[id]);
        await off.CallDriversAsync(3203, 1, id => phones[id]);

        await WaitForAsync(system, calls => calls.Count(c => c.Status is "busy" or "voicemail") == 6);
        await WaitForAsync(off, calls => calls.Count == 1 && calls[0].Status == "no_answer");
        var calls = await system.CallsAsync();
        Assert.Equal(7, calls.Count); // 3 busy and 3 voicemail attempts, and the completed call alone
        Assert.Equal(["busy", "busy", "busy"], calls.Where(c => c.CallSid.StartsWith("EL_3200_", StringComparison.Ordinal)).Select(c => c.Status));
        Assert.Single(calls, c => c.CallSid.StartsWith("EL_3202_", StringComparison.Ordinal) && c.Status == "completed");
        Assert.Single(off.Dials().Accepted);
    }

    private static Task<PlaybackSystem> StartAsync(PostgresClusterFixture cluster, bool redial) =>
        PlaybackSystem.StartAsync(
            cluster,
            PlaybackSystem.ShortCalls(new()
            {
                ["Emulator:Outcomes:0:NumberSuffix"] = "0101", ["Emulator:Outcomes:0:Outcome"] = "voicemail",
                ["Emulator:Outcomes:1:NumberSuffix"] = "0102", ["Emulator:Outcomes:1:Outcome"] = "busy",
                ["Emulator:Outcomes:2:NumberSuffix"] = "0103", ["Emulator:Outcomes:2:Outcome"] = "no-answer",
            }),
            PlaybackSystem.Queueing(redial ? new() { ["Redial:Enabled"] = "true", ["Redial:MaxAttempts"] = "3", ["Redial:MinimumDelay"] = MinimumDelay.ToString() } : []));

    private static Task WaitForAsync(PlaybackSystem system, Func<List<(string CallSid, string Status, int Attempt, string? FirstCallSid, DateTime Start, DateTime? End)>, bool> done) =>
        Readiness.WaitAsync(
            async _ =>
            {
                var calls = await system.CallsAsync();
                return done(calls) ? null : string.Join(", ", calls.Select(c => $"{c.CallSid} {c.Status}"));
            },
            Deadline,
            TimeSpan.FromMilliseconds(100),
            TestContext.Current.CancellationToken);
}
