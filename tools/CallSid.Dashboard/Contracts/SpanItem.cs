namespace CallSid.Dashboard.Contracts;

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
