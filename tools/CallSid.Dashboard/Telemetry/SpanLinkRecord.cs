namespace CallSid.Dashboard.Telemetry;

public sealed record SpanLinkRecord(string TraceId, string SpanId, KeyValuePair<string, string>[] Attributes);
