using CallSid.Dashboard.Calls;
using CallSid.Dashboard.Configuration;
using CallSid.Dashboard.Otlp;
using CallSid.Dashboard.Queries;
using CallSid.Dashboard.Resources;
using CallSid.Dashboard.Security;
using CallSid.Dashboard.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Extensions;

public static class DashboardServiceExtensions
{
    public static void AddDashboardServices(this WebApplicationBuilder builder)
    {
        // Kestrel listens where the dashboard's settings say (two listeners, see KestrelEndpointsSetup). The host's
        // own "urls" (ASPNETCORE_URLS) is taken over as the UI's address, and cleared so it does not override them.
        if (builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            builder.Configuration[$"{DashboardOptions.SectionName}:Frontend:Urls"] = urls;
        }

        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        // The host captured "urls" before it was cleared, so Kestrel would warn that its own listeners override it:
        // that is the design here, not a misconfiguration. Kestrel's errors still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);

        // Request lines carry /login?t=<token>: ASP.NET Core's request logging stays off whatever the settings say.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);

        var services = builder.Services;
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<DashboardOptions>, DashboardOptionsSetup>();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddSingleton<DashboardEndpoints>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelEndpointsSetup>();
        services.ConfigureHttpJsonOptions(json => DashboardJson.Configure(json.SerializerOptions));
        services.AddSingleton(TimeProvider.System);

        services.AddDashboardAuthentication();
        services.AddHostedService<LoginUrlAnnouncer>();

        // Telemetry: received over OTLP/HTTP, kept in memory.
        services.AddSingleton<TelemetryResourceRegistry>();
        services.AddSingleton<TraceStore>();
        services.AddSingleton<LogStore>();
        services.AddSingleton<MetricStore>();
        services.AddSingleton<WebhookDeliveryTracker>();
        services.AddSingleton<OtlpAttributes>();
        services.AddSingleton<OtlpResources>();
        services.AddSingleton<OtlpTraceIngest>();
        services.AddSingleton<OtlpLogIngest>();
        services.AddSingleton<OtlpMetricIngest>();
        services.AddSingleton<OtlpHttpReceiver>();

        // Resources: from the AppHost's resource service when there is one.
        var resourceServiceUrl = builder.Configuration["DOTNET_RESOURCE_SERVICE_ENDPOINT_URL"]
            ?? builder.Configuration["RESOURCE_SERVICE_ENDPOINT_URL"]
            ?? builder.Configuration[$"{DashboardOptions.SectionName}:ResourceServiceClient:Url"];
        var hasResourceService = !string.IsNullOrWhiteSpace(resourceServiceUrl);
        services.AddSingleton(new ResourceState(configured: hasResourceService));
        services.AddSingleton<ResourceCatalog>();
        services.AddHttpClient<ResourceServiceClient>((provider, http) =>
        {
            var client = provider.GetRequiredService<IOptions<DashboardOptions>>().Value.ResourceServiceClient;
            http.BaseAddress = client.Url is null ? null : new Uri(client.Url.EndsWith('/') ? client.Url : client.Url + "/");
            http.Timeout = Timeout.InfiniteTimeSpan; // the watches are long-lived; each plain request has its own timeout
            if (!string.IsNullOrEmpty(client.ApiKey))
            {
                http.DefaultRequestHeaders.Add(ResourceServiceClient.ApiKeyHeader, client.ApiKey);
            }
        });
        if (hasResourceService)
        {
            services.AddHostedService<ResourceWatcher>();
        }

        services.AddSingleton<LogQuery>();
        services.AddSingleton<TraceQuery>();
        services.AddSingleton<MetricQuery>();

        // The call view reads Calls and Transcripts; the browser never calls them itself.
        services.AddHttpClient(CallServicesClient.HttpClientName);
        services.AddSingleton<CallServicesClient>();
        services.AddSingleton<CallView>();
    }
}
