using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Queries;
using CallSid.Dashboard.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallSid.Dashboard.Apis;

/// <summary>Structured logs and traces as the pages show them, for scripts and tests (Aspire's /api/telemetry/... paths).</summary>
public static class TelemetryApi
{
    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/telemetry");
        api.MapGet("/logs", GetLogs).WithName("GetLogs");
        api.MapGet("/traces", GetTraces).WithName("GetTraces");
        api.MapGet("/traces/{traceId}", GetTrace).WithName("GetTrace");
        return app;
    }

    public static Ok<LogsResponse> GetLogs(
        LogQuery query, string? resource, string? minLevel, string? text, string? callSid, string? conversationId, string? traceId, int? limit) =>
        TypedResults.Ok(query.Find(new LogFilter(
            Blank(resource), Blank(minLevel), Blank(text), Blank(callSid), Blank(conversationId), Blank(traceId),
            Math.Clamp(limit ?? LogQuery.DefaultLimit, 1, LogQuery.MaxLimit))));

    public static Ok<TracesResponse> GetTraces(
        TraceQuery query, string? resource, string? text, string? callSid, string? conversationId, string? errors, int? limit) =>
        TypedResults.Ok(query.Find(new TraceFilter(
            Blank(resource), Blank(text), Blank(callSid), Blank(conversationId), string.Equals(errors, "true", StringComparison.OrdinalIgnoreCase),
            Math.Clamp(limit ?? TraceQuery.DefaultLimit, 1, TraceQuery.MaxLimit))));

    public static Results<Ok<TraceDetail>, NotFound<ErrorResponse>> GetTrace(string traceId, TraceQuery query) =>
        query.Get(traceId) is { } trace
            ? TypedResults.Ok(trace)
            : TypedResults.NotFound(new ErrorResponse($"Trace not found: {traceId}", "It may not have arrived yet, or it was dropped as one of the oldest."));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
