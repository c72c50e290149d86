using System.Diagnostics;
using System.Net;

namespace CallSid.Transcripts.Tests;

/// <summary>One webhook, one trace: from the edge to the insert, with the call_sid lookup in between.</summary>
public sealed class TraceTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    private const string TurnRoute = "POST /webhooks/elevenlabs/transcription";

    [Fact]
    public async Task A_webhook_is_one_trace_from_the_edge_through_the_lookup_to_the_insert_and_the_second_hits_the_cache()
    {
        using var spans = new SpanCollector();
        var (callSid, _) = await system.PlaceCallAsync(700);

        var first = await SendAsync(callSid, "first turn", spans);

        var edge = first.Single(s => s.Kind == ActivityKind.Server && s.ParentSpanId == first.RemoteParent);
        Assert.Equal(TurnRoute, edge.DisplayName);
        var forwarder = first.Child(edge, s => s.Source.Name == "Yarp.ReverseProxy"); // YARP's own "proxy.forwarder"
        var proxy = first.Child(forwarder, s => s.Source.Name == "System.Net.Http");
        var transcripts = first.Child(proxy, s => s.Kind == ActivityKind.Server);
        Assert.Equal(TurnRoute, transcripts.DisplayName);
        Assert.Equal("/webhooks/elevenlabs/transcription", transcripts.GetTagItem("http.route"));
        Assert.Equal(201, transcripts.GetTagItem("http.response.status_code"));
        var resolve = first.Child(transcripts, s => s.DisplayName == "resolve call_sid");
        Assert.Equal(callSid, resolve.GetTagItem("callsid.call_sid"));
        Assert.Equal(false, resolve.GetTagItem("callsid.cache_hit"));
        var lookup = first.Child(resolve, s => s.Source.Name == "System.Net.Http");
        Assert.Equal("GET", lookup.DisplayName);
        var calls = first.Child(lookup, s => s.Kind == ActivityKind.Server);
        Assert.Equal("GET /calls/{callSid}", calls.DisplayName);
        Assert.Contains(first.Spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == calls.SpanId);
        var insert = Assert.Single(first.Spans, s => s.Source.Name == "Npgsql" && first.IsBelow(s, transcripts) && !first.IsBelow(s, resolve));
        Assert.Contains("INSERT INTO", Statement(insert));

        var second = await SendAsync(callSid, "second turn", spans);

        var secondResolve = second.Single(s => s.DisplayName == "resolve call_sid");
        Assert.Equal(true, secondResolve.GetTagItem("callsid.cache_hit"));
        Assert.DoesNotContain(second.Spans, s => s.DisplayName == "GET /calls/{callSid}");
        Assert.DoesNotContain(second.Spans, s => s.ParentSpanId == secondResolve.SpanId);
    }

    [Fact]
    public async Task Health_probes_are_traced_unrecorded_so_no_exporter_sees_them()
    {
        using var spans = new SpanCollector();
        var traceId = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await system.Transcripts.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
        var probe = await spans.WaitForAsync(traceId, default, trace => trace.Spans.Any(s => s.Kind == ActivityKind.Server));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(probe.Spans, s => s.Kind == ActivityKind.Server);
        Assert.Contains(probe.Spans, s => s.Source.Name == "Npgsql"); // the readiness check queried the database...
        Assert.All(probe.Spans, s => Assert.False(s.Recorded));         // ...and nothing of it is recorded
    }

    private async Task<Trace> SendAsync(string callSid, string message, SpanCollector spans)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();
        using var response = await system.PostTurnAsync(WebhookSystem.Turn(callSid, message), traceparent: $"00-{traceId}-{parent}-01");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Server spans end just after their response is sent; the edge's ends last.
        return await spans.WaitForAsync(traceId, parent, trace => trace.Spans.Any(s => s.Kind == ActivityKind.Server && s.ParentSpanId == parent));
    }

    private static string? Statement(Activity span) => (span.GetTagItem("db.query.text") ?? span.GetTagItem("db.statement"))?.ToString();
}
