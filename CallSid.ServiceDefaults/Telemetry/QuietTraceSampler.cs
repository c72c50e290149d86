using System.Diagnostics;
using OpenTelemetry.Trace;

namespace CallSid.ServiceDefaults.Telemetry;

/// <summary>
/// Parent-based sampling without the noise. Background polling leaves no traces: a database query with no parent (the
/// sweeper's and the outbox's polls, warm-up, health checks) and YARP's active health checks are dropped. Work a poller
/// does on purpose starts its own span first (<c>sweep calls</c>, <c>hand over transcript</c>), so its queries have a
/// parent and are kept. An outgoing HTTP request with no parent is kept: it is how a caller (the emulator playing a
/// call back into the edge) starts a call's trace, and dropping it would drop everything downstream with it.
/// YARP's <c>proxy.forwarder</c> span is never made: it repeats the edge's request span, and without it the call to
/// the service is that span's child (dropped under a parent, the SDK creates no Activity at all, so nothing is orphaned).
/// </summary>
public sealed class QuietTraceSampler : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        var name = samplingParameters.Name;
        if (parent.TraceId != default)
        {
            return (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0 && name != "proxy.forwarder" ? Keep : Drop;
        }

        var isPoll = name.StartsWith("proxy.", StringComparison.Ordinal)
            || (samplingParameters.Kind == ActivityKind.Client && !IsHttpRequest(name));
        return isPoll ? Drop : Keep;
    }

    /// <summary>HttpClient's span, by the name it has when sampled (renamed to its method only after).</summary>
    private static bool IsHttpRequest(string name) =>
        name is "System.Net.Http.HttpRequestOut" or "GET" or "POST" or "PUT" or "DELETE" or "PATCH" or "HEAD" or "OPTIONS";
}
