namespace CallSid.Dashboard.Telemetry;

/// <summary>One received log record, immutable once stored.</summary>
public sealed class LogEntry
{
    /// <summary>Arrival order, unique per run.</summary>
    public required long Sequence { get; init; }

    public required long TimeUnixNano { get; init; }

    public required TelemetryResource Resource { get; init; }

    /// <summary>The instrumentation scope; for .NET's ILogger, the logger's category.</summary>
    public required string Category { get; init; }

    /// <summary>OTLP severity number, 1 (trace) to 24 (fatal); 0 when unspecified.</summary>
    public required int SeverityNumber { get; init; }

    public required string Message { get; init; }

    public required KeyValuePair<string, string>[] Attributes { get; init; }

    public string? TraceId { get; init; }

    public string? SpanId { get; init; }

    public string? EventName { get; init; }

    public string? Attribute(string key)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Key == key)
            {
                return attribute.Value;
            }
        }

        return null;
    }
}
