using CallSid.Dashboard.Otlp;

namespace CallSid.Dashboard.Apis;

/// <summary>OTLP/HTTP (on the OTLP listener only). Authenticated by <c>x-otlp-api-key</c>, not by the browser token.</summary>
public static class OtlpApi
{
    public static IEndpointRouteBuilder MapOtlpApi(this IEndpointRouteBuilder app)
    {
        var otlp = app.MapGroup("/v1").AllowAnonymous().DisableAntiforgery();
        otlp.MapPost("/traces", (HttpContext context, OtlpHttpReceiver receiver) => receiver.ReceiveTracesAsync(context)).WithName("ExportTraces");
        otlp.MapPost("/logs", (HttpContext context, OtlpHttpReceiver receiver) => receiver.ReceiveLogsAsync(context)).WithName("ExportLogs");
        otlp.MapPost("/metrics", (HttpContext context, OtlpHttpReceiver receiver) => receiver.ReceiveMetricsAsync(context)).WithName("ExportMetrics");
        return app;
    }
}
