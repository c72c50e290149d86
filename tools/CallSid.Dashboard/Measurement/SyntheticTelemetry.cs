using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CallSid.Dashboard.Measurement;

/// <summary>
/// Exports shaped like CallSid's: a webhook trace is 6 spans (edge, transcripts, calls, database) of about 10
/// attributes each; a log has a formatted message and about 6 properties; metrics are ASP.NET Core's request
/// duration histogram (15 buckets) and a few counters, per route and status.
/// </summary>
public static class SyntheticTelemetry
{
    private static readonly string[] Services = ["edge", "transcripts", "calls", "migrations"];

    public static ExportTraceServiceRequest Traces(int firstTrace, int traceCount)
    {
        var request = new ExportTraceServiceRequest();
        var byService = Services.ToDictionary(s => s, s => new ScopeSpans { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore" } });
        for (var t = firstTrace; t < firstTrace + traceCount; t++)
        {
            var traceId = Id(t, 16);
            var callSid = $"EL_{t % 5000}_2026-11-21T10:{t % 60:00}:00Z";
            var start = 1_790_000_000_000_000_000UL + (ulong)t * 1_000_000_000;
            string[] names = ["POST /webhooks/elevenlabs/transcription", "POST /webhooks/elevenlabs/transcription", "GET /calls/{callSid}", "GET /calls/{callSid}", "SELECT calls", "INSERT call_transcriptions"];
            string[] owners = ["edge", "transcripts", "transcripts", "calls", "calls", "transcripts"];
            int[] parents = [-1, 0, 1, 2, 3, 1];
            for (var s = 0; s < 6; s++)
            {
                var span = new Span
                {
                    TraceId = traceId,
                    SpanId = Id(t * 8 + s, 8),
                    ParentSpanId = parents[s] < 0 ? ByteString.Empty : Id(t * 8 + parents[s], 8),
                    Name = names[s],
                    Kind = s is 2 or 4 or 5 ? Span.Types.SpanKind.Client : Span.Types.SpanKind.Server,
                    StartTimeUnixNano = start + (ulong)s * 1_000_000,
                    EndTimeUnixNano = start + (ulong)(20 - s) * 1_000_000,
                    Attributes =
                    {
                        Text("http.request.method", s == 2 || s == 3 ? "GET" : "POST"),
                        Text("url.path", $"/calls/{callSid}/transcript"),
                        Text("http.route", names[s]),
                        Int("http.response.status_code", 201),
                        Text("server.address", "127.0.0.1"),
                        Int("server.port", 5082),
                        Text("network.protocol.version", "1.1"),
                        Text("callsid.call_sid", callSid),
                        Text("callsid.conversation_id", $"conv_{t:x8}"),
                        Text("user_agent.original", "ElevenLabs/1.0 (+https://elevenlabs.io)"),
                    },
                };
                byService[owners[s]].Spans.Add(span);
            }
        }

        foreach (var (service, scope) in byService.Where(s => s.Value.Spans.Count > 0))
        {
            request.ResourceSpans.Add(new ResourceSpans { Resource = Resource(service), ScopeSpans = { scope } });
        }

        return request;
    }

    public static ExportLogsServiceRequest Logs(int firstLog, int count)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "CallSid.Transcripts.Services.TranscriptStore" } };
        for (var i = firstLog; i < firstLog + count; i++)
        {
            scope.LogRecords.Add(new LogRecord
            {
                TimeUnixNano = 1_790_000_000_000_000_000UL + (ulong)i * 1_000_000,
                SeverityNumber = i % 20 == 0 ? SeverityNumber.Warn : SeverityNumber.Info,
                SeverityText = i % 20 == 0 ? "Warning" : "Information",
                Body = new AnyValue { StringValue = $"Stored turn {i % 40} for conversation conv_{i:x8} (call EL_{i % 5000}_2026-11-21T10:00:00Z)" },
                TraceId = Id(i, 16),
                SpanId = Id(i, 8),
                Attributes =
                {
                    Text("{OriginalFormat}", "Stored turn {SequenceNumber} for conversation {ConversationId} (call {CallSid})"),
                    Int("SequenceNumber", i % 40),
                    Text("ConversationId", $"conv_{i:x8}"),
                    Text("CallSid", $"EL_{i % 5000}_2026-11-21T10:00:00Z"),
                    Text("callsid.call_sid", $"EL_{i % 5000}_2026-11-21T10:00:00Z"),
                    Text("RequestPath", "/webhooks/elevenlabs/transcription"),
                },
            });
        }

        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = Resource("transcripts"), ScopeLogs = { scope } } } };
    }

    /// <summary>One export of every instrument of every service: cumulative, 8 series each.</summary>
    public static ExportMetricsServiceRequest Metrics(int export)
    {
        var request = new ExportMetricsServiceRequest();
        double[] bounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
        var time = 1_790_000_000_000_000_000UL + (ulong)export * 1_000_000_000;
        foreach (var service in Services)
        {
            var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore.Hosting" } };
            var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
            var requests = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
            var active = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = false };
            for (var series = 0; series < 8; series++)
            {
                KeyValue[] attributes = [Text("http.route", $"/route/{series}"), Int("http.response.status_code", 200 + series), Text("http.request.method", "POST")];
                var point = new HistogramDataPoint { StartTimeUnixNano = 1_790_000_000_000_000_000UL, TimeUnixNano = time, Count = (ulong)(export * 15), Sum = export * 0.7 };
                point.Attributes.Add(attributes);
                point.ExplicitBounds.Add(bounds);
                for (var b = 0; b <= bounds.Length; b++)
                {
                    point.BucketCounts.Add((ulong)export);
                }

                histogram.DataPoints.Add(point);
                requests.DataPoints.Add(new NumberDataPoint { StartTimeUnixNano = 1_790_000_000_000_000_000UL, TimeUnixNano = time, AsInt = export * 15, Attributes = { attributes } });
                active.DataPoints.Add(new NumberDataPoint { StartTimeUnixNano = 1_790_000_000_000_000_000UL, TimeUnixNano = time, AsInt = export % 7, Attributes = { attributes } });
            }

            scope.Metrics.Add(new Metric { Name = "http.server.request.duration", Unit = "s", Description = "Duration of HTTP server requests.", Histogram = histogram });
            scope.Metrics.Add(new Metric { Name = "test.requests", Unit = "{request}", Sum = requests });
            scope.Metrics.Add(new Metric { Name = "http.server.active_requests", Unit = "{request}", Sum = active });
            request.ResourceMetrics.Add(new ResourceMetrics { Resource = Resource(service), ScopeMetrics = { scope } });
        }

        return request;
    }

    private static Resource Resource(string service) => new()
    {
        Attributes =
        {
            Text("service.name", service), Text("service.instance.id", service + "-0"), Text("telemetry.sdk.name", "opentelemetry"),
            Text("telemetry.sdk.language", "dotnet"), Text("telemetry.sdk.version", "1.20.1"),
        },
    };

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    private static ByteString Id(long value, int length)
    {
        var bytes = new byte[length];
        BitConverter.TryWriteBytes(bytes, value + 1);
        bytes[^1] = 0x4c; // never all zero; the value's own bytes stay distinct
        return ByteString.CopyFrom(bytes);
    }
}
