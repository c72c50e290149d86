using System.Net;
using System.Text;
using System.Text.Json;
using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Tests.Infrastructure;
using Google.Rpc;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Metrics.V1;
using static CallSid.Dashboard.Tests.Infrastructure.OtlpRequests;

namespace CallSid.Dashboard.Tests.Otlp;

/// <summary>OTLP/HTTP as the specification has it: encodings, compression, authentication, limits, partial success.</summary>
public sealed class OtlpProtocolTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_gzip_protobuf_export_is_accepted_and_answered_in_protobuf()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        using var response = await dashboard.Otlp.SendAsync(Post("/v1/traces", Protobuf(Traces("calls", Span("gzipped")), gzip: true)), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Null(answer.PartialSuccess);
        Assert.Equal("calls: gzipped", Assert.Single((await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces")).Traces).Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-key")]
    public async Task Without_the_right_api_key_an_export_is_refused_with_401(string? key)
    {
        await using var dashboard = await DashboardServer.StartAsync();
        using var response = await dashboard.Otlp.SendAsync(Post("/v1/traces", Protobuf(Traces("intruder", Span("forged"))), key), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var status = Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(16, status.Code); // UNAUTHENTICATED
        Assert.Equal(0, (await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces")).Total);
    }

    [Fact]
    public async Task Unsecured_mode_accepts_exports_without_a_key()
    {
        await using var dashboard = await DashboardServer.StartAsync(new Dictionary<string, string?> { ["Dashboard:Otlp:PrimaryApiKey"] = null });
        using var response = await dashboard.Otlp.SendAsync(Post("/v1/traces", Protobuf(Traces("calls", Span("open"))), apiKey: null), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unreadable_body_is_400_with_a_status_in_the_request_encoding()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        using var protobuf = await dashboard.Otlp.SendAsync(Post("/v1/logs", Body([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01], "application/x-protobuf")), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, protobuf.StatusCode);
        var status = Status.Parser.ParseFrom(await protobuf.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(3, status.Code); // INVALID_ARGUMENT
        Assert.Contains("not a valid OTLP export", status.Message);

        using var json = await dashboard.Otlp.SendAsync(Post("/v1/traces", Body("{\"resourceSpans\": [ {"u8.ToArray(), "application/json")), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await json.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(3, body.RootElement.GetProperty("code").GetInt32());

        using var badGzip = await dashboard.Otlp.SendAsync(Post("/v1/traces", Body([1, 2, 3, 4], "application/x-protobuf", gzip: true)), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badGzip.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_compressed_or_not_and_a_gzip_bomb_stops_at_the_limit()
    {
        await using var dashboard = await DashboardServer.StartAsync(new Dictionary<string, string?> { ["Dashboard:Otlp:MaxRequestBodySize"] = "65536" });
        var tooLarge = Traces("calls", Span(new string('x', 70_000)));
        using var plain = await dashboard.Otlp.SendAsync(Post("/v1/traces", Protobuf(tooLarge)), Cancel);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, plain.StatusCode);
        Assert.Equal(8, Status.Parser.ParseFrom(await plain.Content.ReadAsByteArrayAsync(Cancel)).Code);

        using var gzipped = await dashboard.Otlp.SendAsync(Post("/v1/traces", Protobuf(tooLarge, gzip: true)), Cancel);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, gzipped.StatusCode);

        // 64 MiB of zeroes is ~64 KiB gzipped: under the limit on the wire, a thousand times over it unpacked.
        var bomb = Gzip(new byte[64 * 1024 * 1024]);
        Assert.True(bomb.Length < 65536);
        using var exploded = await dashboard.Otlp.SendAsync(Post("/v1/traces", Body(bomb, "application/x-protobuf", gzip: true)), Cancel);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, exploded.StatusCode);
        Assert.Equal(0, (await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces")).Total);
    }

    [Fact]
    public async Task Other_content_types_and_encodings_are_415()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        using var text = await dashboard.Otlp.SendAsync(Post("/v1/metrics", Body("hello"u8.ToArray(), "text/plain")), Cancel);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        var brotli = Protobuf(Traces("calls", Span("brotli")));
        brotli.Headers.ContentEncoding.Add("br");
        using var compressed = await dashboard.Otlp.SendAsync(Post("/v1/traces", brotli), Cancel);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, compressed.StatusCode);
    }

    [Fact]
    public async Task Malformed_spans_are_rejected_one_by_one_with_partial_success()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        var request = Traces("calls", Span("good"), Span("bad trace id", traceId: RandomId(3)), Span("zero span id", spanId: Google.Protobuf.ByteString.CopyFrom(new byte[8])));
        using var response = await dashboard.Otlp.SendAsync(Post("/v1/traces", Protobuf(request)), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(2, answer.PartialSuccess.RejectedSpans);
        Assert.Contains("trace_id must be 16 bytes", answer.PartialSuccess.ErrorMessage);
        Assert.Contains("span_id must be 8 bytes", answer.PartialSuccess.ErrorMessage);
        Assert.Equal(["calls: good"], (await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces")).Traces.Select(t => t.Name));
    }

    [Fact]
    public async Task Unsupported_metric_kinds_are_rejected_by_data_point_count()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        var request = new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    Resource = Service("calls"),
                    ScopeMetrics =
                    {
                        new ScopeMetrics
                        {
                            Metrics =
                            {
                                new Metric { Name = "exp", ExponentialHistogram = new ExponentialHistogram { DataPoints = { new ExponentialHistogramDataPoint(), new ExponentialHistogramDataPoint() } } },
                                new Metric { Name = "ok", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsInt = 5, TimeUnixNano = 1_700_000_000_000_000_000 } } } },
                            },
                        },
                    },
                },
            },
        };
        using var response = await dashboard.Otlp.SendAsync(Post("/v1/metrics", Protobuf(request)), Cancel);
        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(2, answer.PartialSuccess.RejectedDataPoints);
        Assert.Contains("ExponentialHistogram", answer.PartialSuccess.ErrorMessage);
        Assert.Equal(["ok"], (await dashboard.GetAsync<InstrumentsResponse>("/api/telemetry/metrics/instruments?resource=calls")).Instruments.Select(i => i.Name));
    }

    [Fact]
    public async Task Otlp_json_with_hex_ids_is_accepted_and_answered_in_json()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        const string json = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"edge"}}]},
              "scopeSpans":[{"scope":{"name":"json"},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                "name":"from json","kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000250000000",
                "attributes":[{"key":"callsid.call_sid","value":{"stringValue":"EL_1_json"}}],"someFutureField":true}]}]}]}
            """;
        using var response = await dashboard.Otlp.SendAsync(Post("/v1/traces", Body(Encoding.UTF8.GetBytes(json), "application/json")), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var trace = await dashboard.GetAsync<TraceDetail>("/api/telemetry/traces/5b8efff798038103d269b633813fc60c");
        Assert.Equal("eee19b7ec3c1b174", Assert.Single(trace.Spans).SpanId);
        Assert.Equal(250, trace.DurationMs);
        Assert.Equal("EL_1_json", trace.Spans[0].CallSid);
    }

    [Fact]
    public async Task Each_listener_serves_only_its_own_routes()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        using var otlpOnUi = await dashboard.Api.SendAsync(Post("/v1/traces", Protobuf(Traces("calls", Span("wrong door")))), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, otlpOnUi.StatusCode);

        using var uiOnOtlp = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        uiOnOtlp.Headers.Authorization = dashboard.Api.DefaultRequestHeaders.Authorization;
        using var answer = await dashboard.Otlp.SendAsync(uiOnOtlp, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(0, (await dashboard.GetAsync<TracesResponse>("/api/telemetry/traces")).Total);
    }
}
