using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>Our own meters answer what an SRE asks first: deliveries by outcome, cache hits, calls placed, ElevenLabs' latency.</summary>
/// <remarks>A meter listener hears every service in this process, so nothing else runs beside this class.</remarks>
[Collection(nameof(MetricsTests))]
public sealed class MetricsTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    [Fact]
    public async Task Deliveries_turns_by_result_lookups_placements_and_ElevenLabs_requests_are_measured_with_their_attributes()
    {
        var measured = new ConcurrentQueue<(string Instrument, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name.StartsWith("callsid.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measured.Enqueue((instrument.Name, Describe(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measured.Enqueue((instrument.Name, Describe(tags))));
        listener.Start();

        var (callSid, _) = await system.PlaceCallAsync(620);
        Assert.Equal(HttpStatusCode.Created, (await system.PostTurnAsync(WebhookSystem.Turn(callSid, "first"))).StatusCode);
        var second = WebhookSystem.Turn(callSid, "second");
        Assert.Equal(HttpStatusCode.Created, (await system.PostTurnAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await system.PostTurnAsync(second)).StatusCode); // delivered twice
        Assert.Equal(HttpStatusCode.BadRequest, (await system.PostTurnAsync(WebhookSystem.Turn("EL_999_2024-11-21T10:00:00Z", "nobody"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await system.PostTurnAsync(WebhookSystem.Turn(callSid, ""))).StatusCode);
        var forged = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/transcription") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        forged.Headers.Authorization = new("Bearer", "forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.Edge.CreateClient().SendAsync(forged, TestContext.Current.CancellationToken)).StatusCode);

        var seen = measured.ToList();
        Assert.Contains(("callsid.calls.placed", "callsid.placement.outcome=placed"), seen);
        Assert.Contains(("callsid.elevenlabs.request.duration", "callsid.elevenlabs.operation=outbound_call,callsid.elevenlabs.outcome=200"), seen);
        Assert.Contains(("callsid.call_sid.lookups", "callsid.cache=miss"), seen);
        Assert.Contains(("callsid.call_sid.lookups", "callsid.cache=hit"), seen);
        Assert.Equal(2, seen.Count(m => m == ("callsid.webhook.deliveries", "callsid.webhook=transcription,http.response.status_code=201")));
        Assert.Contains(("callsid.webhook.deliveries", "callsid.webhook=transcription,http.response.status_code=401"), seen);
        Assert.Equal(2, seen.Count(m => m == ("callsid.turns", "callsid.turn.result=stored")));
        Assert.Single(seen, ("callsid.turns", "callsid.turn.result=duplicate"));
        Assert.Single(seen, ("callsid.turns", "callsid.turn.result=unknown_call"));
        Assert.Single(seen, ("callsid.turns", "callsid.turn.result=invalid"));
    }

    private static string Describe(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var (key, value) in tags)
        {
            parts.Add($"{key}={value}");
        }

        return string.Join(',', parts);
    }
}
