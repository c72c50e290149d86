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

/// <summary>
/// Collects every span of this process, sampled as OpenTelemetry's default ParentBasedSampler does: a child of an
/// unrecorded span is not recorded either. (Listeners share activities, so a listener that recorded everything would
/// also change what the SDK exports in a test running alongside.)
/// </summary>
public sealed class SpanCollector : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly ActivityListener _listener;

    public SpanCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent == default || options.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.PropagationData,
            ActivityStopped = activity => { lock (_spans) _spans.Add(activity); },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> All
    {
        get { lock (_spans) return _spans.ToList(); }
    }

    public async Task<Trace> WaitForAsync(ActivityTraceId traceId, ActivitySpanId remoteParent, Func<Trace, bool> complete)
    {
        for (var waited = 0; ; waited += 50)
        {
            var trace = new Trace(remoteParent, All.Where(s => s.TraceId == traceId).ToList());
            if (complete(trace) || waited > 5000)
            {
                return trace;
            }

            await Task.Delay(50);
        }
    }

    public void Dispose() => _listener.Dispose();
}

public sealed record Trace(ActivitySpanId RemoteParent, IReadOnlyList<Activity> Spans)
{
    public Activity Single(Func<Activity, bool> match) => Assert.Single(Spans, s => match(s));

    public Activity Child(Activity parent, Func<Activity, bool> match) => Assert.Single(Spans, s => s.ParentSpanId == parent.SpanId && match(s));

    public bool IsBelow(Activity span, Activity ancestor)
    {
        for (var current = span; current is not null; current = Spans.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }
}
