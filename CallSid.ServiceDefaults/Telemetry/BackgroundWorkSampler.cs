using System.Diagnostics;
using OpenTelemetry.Trace;

namespace CallSid.ServiceDefaults.Telemetry;

/// <summary>
/// Parent-based sampling, except that a client span with no parent (a database query or HTTP call made by a poller:
/// the sweeper, the hand-over outbox, warm-up, YARP's probes) is dropped: background polling leaves no traces.
/// Work a poller does on purpose starts its own span first (<c>sweep calls</c>, <c>hand over transcript</c>), so its
/// queries have a parent and are kept.
/// </summary>
public sealed class BackgroundWorkSampler : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId != default)
        {
            return (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? Keep : Drop;
        }

        return samplingParameters.Kind == ActivityKind.Client ? Drop : Keep;
    }
}
