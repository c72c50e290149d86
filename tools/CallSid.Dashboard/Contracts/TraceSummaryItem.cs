namespace CallSid.Dashboard.Contracts;

public sealed record TraceSummaryItem(
    string TraceId,
    string Name,
    DateTimeOffset Start,
    double DurationMs,
    int SpanCount,
    IReadOnlyList<string> Resources,
    bool HasError,
    IReadOnlyList<string> CallSids);
