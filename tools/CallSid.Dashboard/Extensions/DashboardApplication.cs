using CallSid.Dashboard.Apis;

namespace CallSid.Dashboard.Extensions;

/// <summary>
/// Builds the dashboard: what Program.cs runs, and what the tests start in-process (on port 0) with their own settings.
/// </summary>
public static class DashboardApplication
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(DashboardApplication).Assembly.GetName().Name,
            // appsettings.json sits beside the assembly, whatever directory the dashboard is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.AddDashboardServices();
        builder.Services.AddHealthChecks();
        configure?.Invoke(builder);

        var app = builder.Build();

        app.UseEndpointSeparation();
        app.UseJsonErrors();
        app.UseEmbeddedAssets();
        app.UseAuthentication();
        app.UseAuthorization();

        // For whoever starts the dashboard (the AppHost waits for /health): the process answers, nothing secret.
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/alive").AllowAnonymous();
        app.MapOtlpApi();
        app.MapLoginApi();
        app.MapPages();
        app.MapResourcesApi();
        app.MapTelemetryApi();
        app.MapMetricsApi();
        app.MapCallsApi();
        app.MapNotFoundFallback();

        return app;
    }
}
