using System.IO.Compression;
using System.Net.Http.Headers;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CallSid.Dashboard.Tests.Infrastructure;

/// <summary>Hand-built OTLP bodies, for what an exporter would not send (malformed, gzipped, oversized, partial).</summary>
public static class OtlpRequests
{
    public static Resource Service(string name, string? instanceId = null)
    {
        var resource = new Resource { Attributes = { Text("service.name", name) } };
        if (instanceId is not null)
        {
            resource.Attributes.Add(Text("service.instance.id", instanceId));
        }

        return resource;
    }

    public static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static ByteString RandomId(int length) => ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..length]);

    public static Span Span(string name, ByteString? traceId = null, ByteString? spanId = null, ByteString? parent = null, long startMs = 1_700_000_000_000, long durationMs = 10)
    {
        var span = new Span
        {
            TraceId = traceId ?? RandomId(16),
            SpanId = spanId ?? RandomId(8),
            Name = name,
            Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server,
            StartTimeUnixNano = (ulong)startMs * 1_000_000,
            EndTimeUnixNano = (ulong)(startMs + durationMs) * 1_000_000,
        };
        if (parent is not null)
        {
            span.ParentSpanId = parent;
        }

        return span;
    }

    public static ExportTraceServiceRequest Traces(string service, params Span[] spans) => new()
    {
        ResourceSpans = { new ResourceSpans { Resource = Service(service), ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "test" }, Spans = { spans } } } } },
    };

    public static ByteArrayContent Protobuf(IMessage message, bool gzip = false)
    {
        var bytes = message.ToByteArray();
        return Body(gzip ? Gzip(bytes) : bytes, "application/x-protobuf", gzip);
    }

    public static ByteArrayContent Body(byte[] bytes, string contentType, bool gzip = false)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        return content;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    public static HttpRequestMessage Post(string path, HttpContent content, string? apiKey = DashboardServer.OtlpApiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Add("x-otlp-api-key", apiKey);
        }

        return request;
    }
}
