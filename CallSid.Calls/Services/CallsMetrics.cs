using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using CallSid.Calls.Model;

namespace CallSid.Calls.Services;

/// <summary>
/// The Calls service's own telemetry (<c>CallSid.Calls</c>, exported with the other <c>CallSid.*</c> sources): the
/// transcript hand-over backlog an SRE alerts on, and what the sweeper settled.
/// </summary>
public sealed class CallsMetrics
{
    public const string Name = "CallSid.Calls";

    /// <summary>The hand-over spans (<c>hand over transcript</c>) and the sweeper's (<c>sweep calls</c>).</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _handovers;
    private readonly Counter<long> _swept;
    private readonly Counter<long> _placed;
    private readonly Counter<long> _throttled;
    private long _queuedCalls;
    private readonly Counter<long> _foreignEvents;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _foreignAgents = new();
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _elevenLabsDuration;
    private HandoverBacklog _backlog = new(0, null);
    private long _liveCalls;

    public CallsMetrics(IMeterFactory meters, TimeProvider time)
    {
        var meter = meters.Create(Name);
        meter.CreateObservableGauge("callsid.outbox.pending", () => Volatile.Read(ref _backlog).Pending, "{handover}",
            "Transcript hand-overs waiting for the Transcripts service");
        meter.CreateObservableGauge("callsid.outbox.oldest_age", () => Volatile.Read(ref _backlog).Oldest is { } oldest
                ? Math.Max(0, (time.GetUtcNow().UtcDateTime - oldest).TotalSeconds)
                : 0, "s", "How long the oldest waiting transcript hand-over has waited");
        _handovers = meter.CreateCounter<long>("callsid.outbox.handovers", "{attempt}", "Transcript hand-over attempts, by result");
        _swept = meter.CreateCounter<long>("callsid.calls.swept", "{call}", "Stranded calls the sweeper settled, by how");
        _foreignEvents = meter.CreateCounter<long>("callsid.postcall.other_agent", "{event}",
            "Post-call events of another agent of the workspace, acknowledged and ignored");
        _placed = meter.CreateCounter<long>("callsid.calls.placed", "{call}",
            "Drivers' calls requested, by what came of the request (callsid.placement.outcome: placed, failed, already_placed, already_failed, queued, already_queued)");
        _finished = meter.CreateCounter<long>("callsid.calls.finished", "{call}",
            "Calls ended, by how ElevenLabs reported them (callsid.call.outcome: completed, voicemail, no_answer, busy, failed)");
        meter.CreateObservableGauge("callsid.calls.live", () => Interlocked.Read(ref _liveCalls), "{call}",
            "Calls in progress now (dialled or being dialled, not yet ended), counted over the whole table every 10 s: every replica reports the same number, so take the max, not the sum");
        meter.CreateObservableGauge("callsid.calls.queued", () => Interlocked.Read(ref _queuedCalls), "{call}",
            "Calls waiting for ElevenLabs' capacity (or a redial's delay), counted over the whole table each queue poll: take the max over replicas");
        _throttled = meter.CreateCounter<long>("callsid.dials.throttled", "{dial}",
            "Dials ElevenLabs refused with 429 (over its concurrency limit); each call went back into the queue");
        _elevenLabsDuration = meter.CreateHistogram<double>(
            "callsid.elevenlabs.request.duration", "s", "Requests to ElevenLabs' API, by operation and status (or error)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
    }

    /// <summary>The backlog as last seen (by any replica's dispatcher: the table is shared).</summary>
    public HandoverBacklog Backlog => Volatile.Read(ref _backlog);

    public void RecordBacklog(HandoverBacklog backlog) => Volatile.Write(ref _backlog, backlog);

    public void RecordLiveCalls(long count) => Interlocked.Exchange(ref _liveCalls, count);

    public void RecordQueuedCalls(long count) => Interlocked.Exchange(ref _queuedCalls, count);

    public void RecordThrottled() => _throttled.Add(1);

    public void RecordFinished(Model.CallStatus status) =>
        _finished.Add(1, new KeyValuePair<string, object?>("callsid.call.outcome", status.ToText()));

    public void RecordHandover(bool succeeded) => _handovers.Add(1, new KeyValuePair<string, object?>("result", succeeded ? "success" : "failure"));

    /// <summary>Counts an event of another agent; true the first time this process sees <paramref name="agentId"/> (to log it once).</summary>
    public bool RecordOtherAgentEvent(string agentId, string type)
    {
        _foreignEvents.Add(1, new KeyValuePair<string, object?>("type", type));
        return _foreignAgents.Count < 1000 && _foreignAgents.TryAdd(agentId, true);
    }

    public void RecordSwept(string how, int count) => _swept.Add(count, new KeyValuePair<string, object?>("how", how));

    public void RecordPlacement(Model.PlacementOutcome outcome) =>
        _placed.Add(1, new KeyValuePair<string, object?>("callsid.placement.outcome", JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString())));

    /// <param name="outcome">The HTTP status, or the error's type when there was no answer.</param>
    public void RecordElevenLabsRequest(string operation, string outcome, TimeSpan duration) =>
        _elevenLabsDuration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("callsid.elevenlabs.operation", operation),
            new KeyValuePair<string, object?>("callsid.elevenlabs.outcome", outcome));
}
