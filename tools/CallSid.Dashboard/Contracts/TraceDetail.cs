namespace CallSid.Dashboard.Contracts;

/// <summary>GET /api/telemetry/traces/{traceId}: spans in waterfall order (depth first, children by start).</summary>
public sealed record TraceDetail(
    string TraceId,
    string Name,
    DateTimeOffset Start,
    double DurationMs,
    IReadOnlyList<string> Resources,
    IReadOnlyList<SpanItem> Spans);
