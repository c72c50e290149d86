namespace CallSid.Dashboard.Contracts;

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
