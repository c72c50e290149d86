using CallSid.Dashboard.Configuration;
using CallSid.Dashboard.Telemetry;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CallSid.Dashboard.Otlp;

/// <summary>Spans of one export into the trace store; malformed spans are rejected one by one, not the export.</summary>
public sealed class OtlpTraceIngest(OtlpResources resources, OtlpAttributes attributes, TraceStore store, IOptions<DashboardOptions> options)
{
    private readonly int _maxEvents = options.Value.TelemetryLimits.MaxSpanEventCount;

    public ExportTraceServiceResponse Add(ExportTraceServiceRequest request)
    {
        var counters = new IngestCounters();
        var spans = new List<SpanRecord>();
        // Spans of one trace share one id string.
        var traceIds = new Dictionary<ByteString, string>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = resources.Read(resourceSpans.Resource, counters);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = attributes.Intern(scopeSpans.Scope?.Name ?? string.Empty);
                foreach (var span in scopeSpans.Spans)
                {
                    if (Convert(span, resource, scope, traceIds, counters) is { } record)
                    {
                        spans.Add(record);
                    }
                }
            }
        }

        store.Add(spans);
        var message = counters.Message("spans", attributes.MaxCount, attributes.MaxLength);
        return new ExportTraceServiceResponse
        {
            PartialSuccess = message is null ? null : new ExportTracePartialSuccess { RejectedSpans = counters.Rejected, ErrorMessage = message },
        };
    }

    private SpanRecord? Convert(Span span, TelemetryResource resource, string scope, Dictionary<ByteString, string> traceIds, IngestCounters counters)
    {
        if (!traceIds.TryGetValue(span.TraceId, out var traceId))
        {
            traceId = OtlpIds.ToHex(span.TraceId, 16);
            if (traceId is null)
            {
                counters.Reject("trace_id must be 16 bytes, not all zero");
                return null;
            }

            traceIds.Add(span.TraceId, traceId);
        }

        var spanId = OtlpIds.ToHex(span.SpanId, 8);
        if (spanId is null)
        {
            counters.Reject("span_id must be 8 bytes, not all zero");
            return null;
        }

        string? parentSpanId = null;
        if (!span.ParentSpanId.IsEmpty && (parentSpanId = OtlpIds.ToHex(span.ParentSpanId, 8)) is null)
        {
            counters.Reject("parent_span_id must be empty or 8 bytes");
            return null;
        }

        var events = span.Events.Count == 0 ? [] : span.Events
            .Take(_maxEvents)
            .Select(e => new SpanEventRecord((long)e.TimeUnixNano, attributes.Intern(e.Name), attributes.Convert(e.Attributes, counters)))
            .ToArray();
        var links = span.Links.Count == 0 ? [] : span.Links
            .Select(l => new SpanLinkRecord(OtlpIds.ToHex(l.TraceId, 16) ?? string.Empty, OtlpIds.ToHex(l.SpanId, 8) ?? string.Empty, attributes.Convert(l.Attributes, counters)))
            .ToArray();

        return new SpanRecord
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentSpanId,
            Name = attributes.Intern(span.Name),
            Kind = KindName(span.Kind),
            StartUnixNano = (long)span.StartTimeUnixNano,
            EndUnixNano = Math.Max((long)span.EndTimeUnixNano, (long)span.StartTimeUnixNano),
            Resource = resource,
            Scope = scope,
            Attributes = attributes.Convert(span.Attributes, counters),
            Events = events,
            Links = links,
            Status = span.Status?.Code switch
            {
                Status.Types.StatusCode.Error => "error",
                Status.Types.StatusCode.Ok => "ok",
                _ => "unset",
            },
            StatusMessage = string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
        };
    }

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        _ => "internal",
    };
}
