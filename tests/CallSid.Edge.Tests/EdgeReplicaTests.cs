using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallSid.Testing;

namespace CallSid.Edge.Tests;

/// <summary>
/// Several Transcripts replicas behind the real edge (<c>services:transcripts:http:0..n-1</c>): YARP spreads the
/// deliveries over them, drops one that stops listening at its first refused connection (passive check), and keeps
/// one whose <c>/health</c> fails out of rotation until it is healthy again (active check).
/// </summary>
public sealed class EdgeReplicaTests(EdgeWithRecordingBackends system) : IClassFixture<EdgeWithRecordingBackends>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Deliveries_are_spread_over_every_replica()
    {
        await using var first = await StandInReplica.StartAsync();
        await using var second = await StandInReplica.StartAsync();
        await using var edge = StartEdge(first, second);
        var client = edge.CreateClient();

        for (var i = 0; i < 40; i++)
        {
            using var response = await client.SendAsync(Turn(), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.Equal(40, first.Deliveries + second.Deliveries);
        Assert.True(first.Deliveries > 0 && second.Deliveries > 0, $"{first.Deliveries} and {second.Deliveries}");
    }

    [Fact]
    public async Task A_replica_that_stops_listening_costs_at_most_one_refused_delivery()
    {
        await using var staying = await StandInReplica.StartAsync();
        var leaving = await StandInReplica.StartAsync();
        await using var edge = StartEdge(staying, leaving);
        var client = edge.CreateClient();
        await Readiness.WaitAsync(
            async token =>
            {
                using var response = await client.SendAsync(Turn(), token);
                return leaving.Deliveries > 0 ? null : "the leaving replica has had no delivery yet";
            },
            Generous,
            TimeSpan.FromMilliseconds(10),
            TestContext.Current.CancellationToken);

        await leaving.DisposeAsync();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++) // far sooner than the active check's two failed probes (2 s apart)
        {
            using var response = await client.SendAsync(Turn(), TestContext.Current.CancellationToken);
            answers.Add(response.StatusCode);
        }

        // Taken in turn, about half would have gone to the replica that is gone; the first refusal takes it out.
        Assert.True(answers.Count(a => a != HttpStatusCode.Created) <= 1, string.Join(", ", answers));
        Assert.All(answers.Where(a => a != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a));
    }

    [Fact]
    public async Task A_replica_whose_health_fails_gets_no_deliveries_until_it_is_healthy_again()
    {
        await using var healthy = await StandInReplica.StartAsync();
        await using var ailing = await StandInReplica.StartAsync();
        await using var edge = StartEdge(healthy, ailing, probeInterval: "00:00:00.250");
        var client = edge.CreateClient();

        ailing.Unhealthy = true;
        // Two failed probes in a row take it out (ConsecutiveFailures); the third proves the second was answered.
        var probesBefore = ailing.HealthProbes;
        await Readiness.WaitAsync(() => ailing.HealthProbes >= probesBefore + 3 ? null : "fewer than three probes since", Generous, TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        var deliveriesBefore = ailing.Deliveries;
        for (var i = 0; i < 30; i++)
        {
            using var response = await client.SendAsync(Turn(), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.Equal(deliveriesBefore, ailing.Deliveries);

        // Healthy again: it is sent deliveries again.
        ailing.Unhealthy = false;
        await Readiness.WaitAsync(
            async token =>
            {
                using var response = await client.SendAsync(Turn(), token);
                return ailing.Deliveries > deliveriesBefore ? null : "no delivery since it is healthy";
            },
            Generous,
            TimeSpan.FromMilliseconds(20),
            TestContext.Current.CancellationToken);
    }

    private ServiceHost<EdgeEntryPoint> StartEdge(StandInReplica first, StandInReplica second, string? probeInterval = null)
    {
        var settings = system.Settings();
        settings["services:transcripts:http:0"] = first.Address.ToString();
        settings["services:transcripts:http:1"] = second.Address.ToString();
        if (probeInterval is not null)
        {
            settings["ReverseProxy:Clusters:transcripts:HealthCheck:Active:Interval"] = probeInterval;
        }

        var edge = new ServiceHost<EdgeEntryPoint>(settings);
        _ = edge.BaseAddress;
        return edge;
    }

    private static HttpRequestMessage Turn()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/transcription")
        {
            Content = new StringContent("""{"call_sid":"EL_1_x","speaker":"agent","message":"m","timestamp":"2024-11-21T10:30:00Z"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeWithRecordingBackends.TranscriptionToken);
        return request;
    }
}
