namespace CallSid.Dashboard.Contracts;

public sealed record SpanEventItem(string Name, DateTimeOffset Time, double OffsetMs, IReadOnlyDictionary<string, string> Attributes);
