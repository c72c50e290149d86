using System.Security.Cryptography;
using CallSid.Hosting.Projects;
using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost.Hosting;

public static class DashboardBuilderExtensions
{
    /// <summary>
    /// The SRE dashboard (<c>tools/CallSid.Dashboard</c>): started before every other resource, every project's
    /// telemetry sent to it, its resources page fed by the AppHost's resource service. Settings:
    /// <c>AppHost:Dashboard:Enabled</c> (default true), <c>AppHost:Ports:Dashboard</c> (18888),
    /// <c>AppHost:Ports:DashboardOtlp</c> (18890), <c>Dashboard:BrowserToken</c> (a fresh one per run when unset).
    /// Null when disabled or publishing. (Aspire adds its dashboard by itself; ours is a project of the solution, hence a method.)
    /// </summary>
    public static ResourceBuilder<ProjectResource>? AddDashboard<TProject>(this DistributedApplicationBuilder builder)
        where TProject : IProjectMetadata, new()
    {
        var config = builder.Configuration;
        // A published graph has no dashboard: an orchestrator's telemetry goes wherever its operator points OTLP.
        if (builder.ExecutionContext.IsPublishMode || !config.GetValue("AppHost:Dashboard:Enabled", true))
        {
            return null;
        }

        var port = config.GetValue("AppHost:Ports:Dashboard", 18888);
        var otlpPort = config.GetValue("AppHost:Ports:DashboardOtlp", 18890);
        var settings = new DashboardSettings(
            new Uri($"http://127.0.0.1:{port}"),
            new Uri($"http://127.0.0.1:{otlpPort}"),
            config["Dashboard:BrowserToken"] is { Length: > 0 } token ? token : NewKey(),
            NewKey(),
            NewKey());
        builder.Dashboard = settings;

        var dashboard = builder.AddResource(new ProjectResource("dashboard", new TProject()) { IsDashboard = true })
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithEnvironment("DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", settings.OtlpUrl.ToString())
            .WithEnvironment("Dashboard__Frontend__AuthMode", "BrowserToken")
            .WithLocalEnvironment("Dashboard__Frontend__BrowserToken", () => settings.BrowserToken, isSecret: true)
            .WithEnvironment("Dashboard__Otlp__AuthMode", "ApiKey")
            .WithLocalEnvironment("Dashboard__Otlp__PrimaryApiKey", () => settings.OtlpApiKey, isSecret: true)
            .WithEnvironment("DOTNET_RESOURCE_SERVICE_ENDPOINT_URL", () => builder.ResourceServiceUrl?.ToString())
            .WithLocalEnvironment("Dashboard__ResourceServiceClient__ApiKey", () => settings.ResourceServiceApiKey, isSecret: true);
        dashboard.Resource.AdditionalPorts.Add(otlpPort);
        return dashboard;
    }

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
