using CallSid.Dashboard.Pages;

namespace CallSid.Dashboard.Apis;

/// <summary>The pages, at Aspire's paths. Each is an HTML shell; its script fills it from the JSON API and keeps it live.</summary>
public static class PagesApi
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Page(DashboardPage.Resources));
        app.MapGet("/consolelogs", () => Page(DashboardPage.ConsoleLogs));
        app.MapGet("/consolelogs/resource/{name}", (string name) => Page(DashboardPage.ConsoleLogs, ("resource", name)));
        app.MapGet("/structuredlogs", () => Page(DashboardPage.StructuredLogs));
        app.MapGet("/structuredlogs/resource/{name}", (string name) => Page(DashboardPage.StructuredLogs, ("resource", name)));
        app.MapGet("/traces", () => Page(DashboardPage.Traces));
        app.MapGet("/traces/resource/{name}", (string name) => Page(DashboardPage.Traces, ("resource", name)));
        app.MapGet("/traces/detail/{traceId}", (string traceId) => Page(DashboardPage.TraceDetail, ("trace-id", traceId)));
        app.MapGet("/metrics", () => Page(DashboardPage.Metrics));
        app.MapGet("/metrics/resource/{name}", (string name) => Page(DashboardPage.Metrics, ("resource", name)));
        app.MapGet("/calls", () => Page(DashboardPage.Calls));
        app.MapGet("/calls/{callSid}", (string callSid) => Page(DashboardPage.Calls, ("call-sid", callSid)));
        app.MapGet("/webhooks", () => Page(DashboardPage.Webhooks));
        return app;
    }

    private static IResult Page(DashboardPage page, params (string Name, string Value)[] data) =>
        PageResults.Html(PageShell.Render(page, data));
}
