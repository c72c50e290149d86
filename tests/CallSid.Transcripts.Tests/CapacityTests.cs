using System.Diagnostics;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>
/// Dialling within ElevenLabs' concurrency limit: drivers beyond it wait in the queue and are dialled as calls end,
/// and a 429 puts a driver back in the queue; every driver is dialled once, whatever the limit or the 429s.
/// </summary>
public sealed class CapacityTests(PostgresClusterFixture cluster)
{
    private const int Drivers = 200;
    private const int Limit = 10;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Two_hundred_drivers_against_a_limit_of_ten_never_have_more_than_ten_live_and_each_is_dialled_once()
    {
        await using var system = await PlaybackSystem.StartAsync(
            cluster, PlaybackSystem.ShortCalls([]), PlaybackSystem.Queueing(new() { ["ElevenLabs:ConcurrencyLimit"] = Limit.ToString() }));
        var clock = Stopwatch.StartNew();

        var batches = await system.CallDriversAsync(1000, Drivers);

        Assert.All(batches, b => Assert.Equal("success", b.GetProperty("status").GetString()));
        Assert.Equal(Drivers, batches.Sum(b => b.GetProperty("succeeded").GetInt32() + b.GetProperty("queued").GetInt32()));
        // Calls end within a second, so the batches themselves dial more than the limit over time, never at once.
        Assert.True(batches.Sum(b => b.GetProperty("queued").GetInt32()) > 0, "no driver was queued");
        Assert.Contains(batches.SelectMany(b => b.GetProperty("results").EnumerateArray()), r => r.GetProperty("call_status").GetString() == "queued");
        await WaitUntilAllSettledAsync(system);
        var dialledAll = clock.Elapsed;

        var (accepted, throttled) = system.Dials();
        Assert.Equal(Drivers, accepted.Count);
        Assert.Equal(Drivers, accepted.Distinct().Count());
        Assert.Equal(0, throttled);
        Assert.Equal(Limit, system.Conversations.MaxLive); // the emulator has no limit of its own here: Calls kept to it
        Assert.All(await system.CallsAsync(), c => Assert.Equal(("completed", 1), (c.Status, c.Attempt)));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Drivers} drivers, limit {Limit}: most live {system.Conversations.MaxLive}, all dialled and ended in {dialledAll.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_429_storm_is_absorbed_each_driver_dialled_once_and_none_failed()
    {
        await using var system = await PlaybackSystem.StartAsync(
            cluster,
            PlaybackSystem.ShortCalls(new() { ["Emulator:ConcurrencyLimit"] = Limit.ToString() }),
            PlaybackSystem.Queueing(new() { ["CallPlacement:ThrottledFirstDelay"] = "00:00:00.100", ["CallPlacement:ThrottledMaxDelay"] = "00:00:01" }));
        var clock = Stopwatch.StartNew();

        var batches = await system.CallDriversAsync(2000, Drivers);

        Assert.All(batches, b => Assert.Equal("success", b.GetProperty("status").GetString()));
        Assert.True(batches.Sum(b => b.GetProperty("queued").GetInt32()) > 0, "no driver was queued after a 429");
        await WaitUntilAllSettledAsync(system);

        var (accepted, throttled) = system.Dials();
        Assert.Equal(Drivers, accepted.Count);
        Assert.Equal(Drivers, accepted.Distinct().Count());
        Assert.True(throttled > 0, "the emulator refused nothing");
        Assert.InRange(system.Conversations.MaxLive, 1, Limit);
        Assert.All(await system.CallsAsync(), c => Assert.Equal("completed", c.Status));
        Assert.Equal(0L, await Sql.ScalarAsync(system.ConnectionString, "SELECT count(*) FROM dev.dial_requests"));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Drivers} drivers, ElevenLabs' limit {Limit}, none in Calls: {throttled} 429s absorbed, most live {system.Conversations.MaxLive}, " +
            $"all dialled and ended in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static Task WaitUntilAllSettledAsync(PlaybackSystem system) =>
        Readiness.WaitAsync(
            async _ =>
            {
                var calls = await system.CallsAsync();
                var settled = calls.Count(c => c.Status is not ("queued" or "in_progress"));
                return settled == Drivers ? null : $"{settled} of {Drivers} calls settled; {calls.Count(c => c.Status == "queued")} queued";
            },
            Deadline,
            TimeSpan.FromMilliseconds(250),
            TestContext.Current.CancellationToken);
}
