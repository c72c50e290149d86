using CallSid.Dashboard.Telemetry;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace CallSid.Dashboard.Otlp;

/// <summary>Log records of one export into the log store.</summary>
public sealed class OtlpLogIngest(OtlpResources resources, OtlpAttributes attributes, LogStore store)
{
    public ExportLogsServiceResponse Add(ExportLogsServiceRequest request)
    {
        var counters = new IngestCounters();
        var entries = new List<LogEntry>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = resources.Read(resourceLogs.Resource, counters);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var category = attributes.Intern(scopeLogs.Scope?.Name ?? string.Empty);
                foreach (var record in scopeLogs.LogRecords)
                {
                    if (Convert(record, resource, category, counters) is { } entry)
                    {
                        entries.Add(entry);
                    }
                }
            }
        }

        store.Add(entries);
        var message = counters.Message("log records", attributes.MaxCount, attributes.MaxLength);
        return new ExportLogsServiceResponse
        {
            PartialSuccess = message is null ? null : new ExportLogsPartialSuccess { RejectedLogRecords = counters.Rejected, ErrorMessage = message },
        };
    }

    private LogEntry? Convert(LogRecord record, TelemetryResource resource, string category, IngestCounters counters)
    {
        string? traceId = null;
        string? spanId = null;
        if (!record.TraceId.IsEmpty && (traceId = OtlpIds.ToHex(record.TraceId, 16)) is null)
        {
            counters.Reject("trace_id must be empty or 16 bytes");
            return null;
        }

        if (!record.SpanId.IsEmpty && (spanId = OtlpIds.ToHex(record.SpanId, 8)) is null)
        {
            counters.Reject("span_id must be empty or 8 bytes");
            return null;
        }

        var severity = (int)record.SeverityNumber;
        if (severity is < 0 or > 24)
        {
            counters.Reject("severity_number must be 0 to 24");
            return null;
        }

        return new LogEntry
        {
            Sequence = store.NextSequence(),
            // The specification: use the observed time when the event time is unknown.
            TimeUnixNano = (long)(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
            Resource = resource,
            Category = category,
            SeverityNumber = severity != 0 ? severity : LogLevels.FromText(record.SeverityText),
            Message = attributes.ToText(record.Body, counters),
            Attributes = attributes.Convert(record.Attributes, counters),
            TraceId = traceId,
            SpanId = spanId,
            EventName = string.IsNullOrEmpty(record.EventName) ? null : attributes.Intern(record.EventName),
        };
    }
}
