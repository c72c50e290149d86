namespace CallSid.Dashboard.Telemetry;

/// <summary>One received span, immutable once stored. Ids are lower-case hex, times Unix nanoseconds.</summary>
public sealed class SpanRecord
{
    public required string TraceId { get; init; }

    public required string SpanId { get; init; }

    /// <summary>Null for a root span.</summary>
    public string? ParentSpanId { get; init; }

    public required string Name { get; init; }

    public required string Kind { get; init; }

    public required long StartUnixNano { get; init; }

    public required long EndUnixNano { get; init; }

    public required TelemetryResource Resource { get; init; }

    public required string Scope { get; init; }

    public required KeyValuePair<string, string>[] Attributes { get; init; }

    public SpanEventRecord[] Events { get; init; } = [];

    public SpanLinkRecord[] Links { get; init; } = [];

    /// <summary>"unset", "ok" or "error".</summary>
    public required string Status { get; init; }

    public string? StatusMessage { get; init; }

    public bool HasError => Status == "error";

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
