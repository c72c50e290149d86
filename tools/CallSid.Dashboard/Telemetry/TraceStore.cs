using CallSid.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Telemetry;

/// <summary>
/// The newest <c>MaxTraceCount</c> traces, oldest (by first span received) dropped first. Writers take one short
/// lock per export; readers copy the list of traces under it and filter outside it.
/// </summary>
public sealed class TraceStore(IOptions<DashboardOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TraceRecord> _byId = new(StringComparer.Ordinal);
    private readonly CircularBuffer<TraceRecord> _order = new(options.Value.TelemetryLimits.MaxTraceCount);
    private long _version;

    /// <summary>Changes whenever a span is stored, so pages can tell "nothing new" cheaply.</summary>
    public long Version => Interlocked.Read(ref _version);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _order.Count;
            }
        }
    }

    public void Add(IReadOnlyList<SpanRecord> spans)
    {
        if (spans.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var span in spans)
            {
                if (!_byId.TryGetValue(span.TraceId, out var trace))
                {
                    trace = new TraceRecord(span.TraceId);
                    _byId.Add(span.TraceId, trace);
                    if (_order.Add(trace) is { } evicted)
                    {
                        _byId.Remove(evicted.TraceId);
                    }
                }

                trace.Add(span);
            }

            Interlocked.Increment(ref _version);
        }
    }

    public TraceRecord? Find(string traceId)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(traceId);
        }
    }

    /// <summary>Every stored trace, oldest first.</summary>
    public TraceRecord[] Snapshot()
    {
        lock (_lock)
        {
            return _order.ToArray();
        }
    }
}
