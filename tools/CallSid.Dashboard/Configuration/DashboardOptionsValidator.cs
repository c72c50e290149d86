using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Configuration;

/// <summary>Refuses to start with settings that would leave the dashboard open, unreachable or unbounded.</summary>
public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var problems = new List<string>();

        var limits = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options.TelemetryLimits, new ValidationContext(options.TelemetryLimits), limits, validateAllProperties: true))
        {
            problems.AddRange(limits.Select(result => $"Dashboard:TelemetryLimits: {result.ErrorMessage}"));
        }

        foreach (var url in options.Frontend.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ListenAddress.TryParse(url, out _))
            {
                problems.Add($"ASPNETCORE_URLS '{url}' is not an http://host:port address.");
            }
        }

        if (!ListenAddress.TryParse(options.Otlp.HttpEndpointUrl, out _))
        {
            problems.Add($"DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL '{options.Otlp.HttpEndpointUrl}' is not an http://host:port address.");
        }

        if (options.Otlp.AuthMode == OtlpAuthMode.ApiKey && string.IsNullOrEmpty(options.Otlp.PrimaryApiKey))
        {
            problems.Add("Dashboard:Otlp:AuthMode is ApiKey but Dashboard:Otlp:PrimaryApiKey is not set.");
        }

        if (options.Otlp.MaxRequestBodySize is < 1024 or > 256 * 1024 * 1024)
        {
            problems.Add("Dashboard:Otlp:MaxRequestBodySize must be between 1 KiB and 256 MiB.");
        }

        CheckHttpUrl(problems, "DOTNET_RESOURCE_SERVICE_ENDPOINT_URL", options.ResourceServiceClient.Url);
        CheckHttpUrl(problems, "services:calls:http:0", options.CallServices.CallsUrl);
        CheckHttpUrl(problems, "services:transcripts:http:0", options.CallServices.TranscriptsUrl);

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckHttpUrl(List<string> problems, string setting, string? url)
    {
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            problems.Add($"{setting} '{url}' is not an absolute http(s) URL.");
        }
    }
}
