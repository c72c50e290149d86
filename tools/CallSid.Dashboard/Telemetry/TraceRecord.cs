namespace CallSid.Dashboard.Telemetry;

/// <summary>
/// The spans of one trace received so far. Spans of one trace arrive in several exports (one per process), so the
/// array is replaced, never changed: readers take it without a lock.
/// </summary>
public sealed class TraceRecord(string traceId)
{
    private SpanRecord[] _spans = [];

    public string TraceId { get; } = traceId;

    public SpanRecord[] Spans => Volatile.Read(ref _spans);

    /// <summary>Called under the store's lock. A span sent twice (an exporter's retry) is kept once.</summary>
    internal bool Add(SpanRecord span)
    {
        var spans = _spans;
        foreach (var existing in spans)
        {
            if (existing.SpanId == span.SpanId)
            {
                return false;
            }
        }

        var grown = new SpanRecord[spans.Length + 1];
        spans.CopyTo(grown, 0);
        grown[^1] = span;
        Volatile.Write(ref _spans, grown);
        return true;
    }
}
