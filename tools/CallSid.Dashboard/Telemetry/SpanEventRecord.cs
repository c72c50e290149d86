namespace CallSid.Dashboard.Telemetry;

public sealed record SpanEventRecord(long TimeUnixNano, string Name, KeyValuePair<string, string>[] Attributes);
