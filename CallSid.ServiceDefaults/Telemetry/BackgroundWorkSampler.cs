using System.Diagnostics;
using OpenTelemetry.Trace;

namespace CallSid.ServiceDefaults.Telemetry;

/// <summary>
/// Parent-based sampling, except that background polling leaves no traces: a database query with no parent (the
/// sweeper's and the outbox's polls, warm-up, health checks) and YARP's active health checks are dropped. Work a poller
/// does on purpose starts its own span first (<c>sweep calls</c>, <c>hand over transcript</c>), so its queries have a
/// parent and are kept. An outgoing HTTP request with no parent is kept: it is how a caller (the emulator playing a
/// call back into the edge) starts a call's trace, and dropping it would drop everything downstream with it.
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

        var name = samplingParameters.Name;
        var isPoll = name.StartsWith("proxy.", StringComparison.Ordinal)
            || (samplingParameters.Kind == ActivityKind.Client && !IsHttpRequest(name));
        return isPoll ? Drop : Keep;
    }

    /// <summary>HttpClient's span, by the name it has when sampled (renamed to its method only after).</summary>
    private static bool IsHttpRequest(string name) =>
        name is "System.Net.Http.HttpRequestOut" or "GET" or "POST" or "PUT" or "DELETE" or "PATCH" or "HEAD" or "OPTIONS";
}
