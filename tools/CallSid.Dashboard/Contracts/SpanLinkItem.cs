namespace CallSid.Dashboard.Contracts;

public sealed record SpanLinkItem(string TraceId, string SpanId, IReadOnlyDictionary<string, string> Attributes);
