using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Queries;
using CallSid.Dashboard.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallSid.Dashboard.Apis;

/// <summary>Instruments per resource, one instrument as chart lines, and the webhook deliveries panel.</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/telemetry/metrics");
        api.MapGet("/instruments", (MetricQuery query, string? resource) => TypedResults.Ok(query.Instruments(string.IsNullOrWhiteSpace(resource) ? null : resource)))
            .WithName("GetInstruments");
        api.MapGet("/chart", GetChart).WithName("GetMetricChart");
        app.MapGet("/api/webhooks/deliveries", (MetricQuery query, int? minutes) => TypedResults.Ok(query.Webhooks(Math.Clamp(minutes ?? 30, 1, 60))))
            .WithName("GetWebhookDeliveries");
        return app;
    }

    public static Results<Ok<MetricChartResponse>, NotFound<ErrorResponse>, BadRequest<ErrorResponse>> GetChart(
        MetricQuery query, string? resource, string? instrument, string? filter)
    {
        if (string.IsNullOrWhiteSpace(resource) || string.IsNullOrWhiteSpace(instrument))
        {
            return TypedResults.BadRequest(new ErrorResponse("resource and instrument are required", "e.g. ?resource=transcripts&instrument=http.server.request.duration"));
        }

        return query.Chart(resource, instrument, string.IsNullOrWhiteSpace(filter) ? null : filter) is { } chart
            ? TypedResults.Ok(chart)
            : TypedResults.NotFound(new ErrorResponse($"No instrument {instrument} for resource {resource}"));
    }
}
