using System.Diagnostics;

namespace CallSid.Transcripts.Tests;

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
