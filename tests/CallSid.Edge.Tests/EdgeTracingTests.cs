using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallSid.Testing;

namespace CallSid.Edge.Tests;

/// <summary>What the edge records of a turn when telemetry is on: its request span and its call to Transcripts, linked.</summary>
[Collection(nameof(EdgeTracingTests))]
public sealed class EdgeTracingTests(EdgeWithRecordingBackends system) : IClassFixture<EdgeWithRecordingBackends>
{
    [Fact]
    public async Task A_forwarded_turn_is_the_request_span_and_its_call_to_Transcripts_without_YARPs_repeat()
    {
        var spans = new ConcurrentQueue<Activity>();
        // Listens without voting: whether a span is made and recorded is the edge's own SDK's decision.
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref _) => ActivitySamplingResult.None,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var settings = system.Settings();
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9"; // telemetry on; nothing needs to receive it
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);
        var marker = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/transcription")
        {
            Content = new StringContent($$"""{"call_sid":"EL_1_2024-11-21T10:00:00Z","speaker":"agent","message":"{{marker}}","timestamp":"2024-11-21T10:30:00Z"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeWithRecordingBackends.TranscriptionToken);

        using var response = await edge.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var forwarded = Assert.Single(system.Forwarded, f => Encoding.UTF8.GetString(f.Body).Contains(marker));
        // Transcripts' span will hang off the span named in the traceparent the edge forwarded.
        var traceparent = forwarded.Headers["traceparent"].Split('-');
        var (traceId, callSpanId) = (ActivityTraceId.CreateFromString(traceparent[1]), ActivitySpanId.CreateFromString(traceparent[2]));
        // The edge's request span ends after its answer is sent; wait for it rather than race it.
        static bool IsRequestSpan(Activity span) => span.Kind == ActivityKind.Server && span.DisplayName == "POST /webhooks/elevenlabs/transcription";
        await Readiness.WaitAsync(() => spans.Any(s => s.TraceId == traceId && IsRequestSpan(s)) ? null : "the edge's request span has not ended",
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var requestSpan = Assert.Single(trace, IsRequestSpan);
        var callSpan = Assert.Single(trace, s => s.SpanId == callSpanId);
        Assert.True(requestSpan.Recorded && callSpan.Recorded);
        Assert.Equal((ActivityKind.Client, "System.Net.Http"), (callSpan.Kind, callSpan.Source.Name));
        Assert.Equal(requestSpan.SpanId, callSpan.ParentSpanId);
        Assert.DoesNotContain(trace, s => s.Source.Name == "Yarp.ReverseProxy");
    }
}
