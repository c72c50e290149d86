using System.Diagnostics;
using CallSid.Calls;
using CallSid.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace CallSid.Transcripts.Tests;

/// <summary>With an OTLP endpoint configured, spans go through the OpenTelemetry SDK; health probes do not.</summary>
public sealed class TelemetryExportTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    [Fact]
    public async Task The_sdk_exports_route_named_server_spans_and_leaves_health_probes_out()
    {
        var exported = new List<Activity>();
        var settings = system.CallsSettings();
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317";
        settings["OTEL_SERVICE_NAME"] = "calls-under-test";
        await using var calls = new ServiceHost<CallsEntryPoint>(settings, services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Collect(exported))));
        var client = calls.CreateClient();
        var health = ActivityTraceId.CreateRandom();
        var lookup = ActivityTraceId.CreateRandom();

        await client.SendAsync(Traced(HttpMethod.Get, "/health", health), TestContext.Current.CancellationToken);
        await client.SendAsync(Traced(HttpMethod.Get, "/calls/EL_1_probe", lookup), TestContext.Current.CancellationToken);
        // The server span ends just after the response is sent; wait for it rather than for a fixed time.
        for (var waited = 0; waited < 5000 && !Exported(exported, s => s.TraceId == lookup && s.Kind == ActivityKind.Server); waited += 50)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        // In one test process every host's spans pass the provider; these requests' traces tell them apart.
        lock (exported)
        {
            Assert.DoesNotContain(exported, s => s.TraceId == health);
            var server = Assert.Single(exported, s => s.TraceId == lookup && s.Kind == ActivityKind.Server);
            Assert.Equal("GET /calls/{callSid}", server.DisplayName);
            Assert.Equal("/calls/{callSid}", server.GetTagItem("http.route"));
            Assert.Equal(404, server.GetTagItem("http.response.status_code"));
            Assert.Contains(exported, s => s.TraceId == lookup && s.Source.Name == "Npgsql" && s.ParentSpanId == server.SpanId);
        }

        Assert.Equal("calls-under-test", calls.GetService<TracerProvider>().GetResource().Attributes.Single(a => a.Key == "service.name").Value);
    }

    [Fact]
    public void Without_an_OTLP_endpoint_no_provider_is_registered()
    {
        using var scope = system.Calls.Services.CreateScope();

        Assert.Null(scope.ServiceProvider.GetService<TracerProvider>());
    }

    private static bool Exported(List<Activity> exported, Func<Activity, bool> match)
    {
        lock (exported)
        {
            return exported.Any(match);
        }
    }

    private static HttpRequestMessage Traced(HttpMethod method, string path, ActivityTraceId traceId)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return request;
    }

    private sealed class Collect(List<Activity> exported) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            lock (exported)
            {
                exported.Add(data);
            }
        }
    }
}
