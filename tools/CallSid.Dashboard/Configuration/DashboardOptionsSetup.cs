using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Configuration;

/// <summary>
/// Fills <see cref="DashboardOptions"/> from the names Aspire's dashboard reads from its environment, and settles the
/// defaults that depend on other settings (a per-run browser token, the OTLP auth mode).
/// </summary>
public sealed class DashboardOptionsSetup(IConfiguration configuration) : IPostConfigureOptions<DashboardOptions>
{
    public void PostConfigure(string? name, DashboardOptions options)
    {
        // DOTNET_* settings arrive both with and without the prefix (ASPNETCORE_URLS: see DashboardServiceExtensions).
        if (First("DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "DASHBOARD_OTLP_HTTP_ENDPOINT_URL") is { } otlpUrl)
        {
            options.Otlp.HttpEndpointUrl = otlpUrl;
        }

        options.ResourceServiceClient.Url ??= First("DOTNET_RESOURCE_SERVICE_ENDPOINT_URL", "RESOURCE_SERVICE_ENDPOINT_URL");
        options.CallServices.CallsUrl ??= First("services:calls:http:0");
        options.CallServices.TranscriptsUrl ??= First("services:transcripts:http:0");

        if (string.Equals(First("DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", "DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            options.Frontend.AuthMode = FrontendAuthMode.Unsecured;
            options.Otlp.AuthMode = OtlpAuthMode.Unsecured;
        }

        options.Otlp.AuthMode ??= string.IsNullOrEmpty(options.Otlp.PrimaryApiKey) ? OtlpAuthMode.Unsecured : OtlpAuthMode.ApiKey;

        if (options.Frontend.AuthMode == FrontendAuthMode.BrowserToken && string.IsNullOrEmpty(options.Frontend.BrowserToken))
        {
            options.Frontend.BrowserToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            options.Frontend.BrowserTokenGenerated = true;
        }
    }

    private string? First(params string[] keys) =>
        keys.Select(key => configuration[key]).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
