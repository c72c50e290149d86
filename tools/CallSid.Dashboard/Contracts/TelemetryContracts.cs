namespace CallSid.Dashboard.Contracts;

/// <summary>GET /api/telemetry/logs: newest first; <c>total</c> counts every match, <c>logs</c> at most <c>limit</c>.</summary>
public sealed record LogsResponse(int Total, IReadOnlyList<LogItem> Logs);

public sealed record LogItem(
    long Sequence,
    DateTimeOffset Timestamp,
    string Resource,
    string Level,
    int SeverityNumber,
    string Category,
    string Message,
    IReadOnlyDictionary<string, string> Attributes,
    ExceptionItem? Exception,
    string? TraceId,
    string? SpanId,
    string? CallSid);

/// <summary>From the OpenTelemetry exception.* attributes.</summary>
public sealed record ExceptionItem(string? Type, string? Message, string? Stacktrace);

/// <summary>GET /api/telemetry/traces: newest first.</summary>
public sealed record TracesResponse(int Total, IReadOnlyList<TraceSummaryItem> Traces);

public sealed record TraceSummaryItem(
    string TraceId,
    string Name,
    DateTimeOffset Start,
    double DurationMs,
    int SpanCount,
    IReadOnlyList<string> Resources,
    bool HasError,
    IReadOnlyList<string> CallSids);

/// <summary>GET /api/telemetry/traces/{traceId}: spans in waterfall order (depth first, children by start).</summary>
public sealed record TraceDetail(
    string TraceId,
    string Name,
    DateTimeOffset Start,
    double DurationMs,
    IReadOnlyList<string> Resources,
    IReadOnlyList<SpanItem> Spans);

public sealed record SpanItem(
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Resource,
    string Scope,
    DateTimeOffset Start,
    double OffsetMs,
    double DurationMs,
    int Depth,
    string Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEventItem> Events,
    IReadOnlyList<SpanLinkItem> Links,
    string? CallSid);

public sealed record SpanEventItem(string Name, DateTimeOffset Time, double OffsetMs, IReadOnlyDictionary<string, string> Attributes);

public sealed record SpanLinkItem(string TraceId, string SpanId, IReadOnlyDictionary<string, string> Attributes);
