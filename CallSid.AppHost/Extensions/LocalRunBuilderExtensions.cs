using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost.Extensions;

/// <summary>What a local run needs that Aspire's defaults do not give: plain HTTP, our fixed ports, generated secrets.</summary>
public static class LocalRunBuilderExtensions
{
    /// <summary>
    /// Plain HTTP on loopback with no development certificate: the dashboard on <c>AppHost:Ports:Dashboard</c>, its OTLP
    /// endpoint on <c>AppHost:Ports:DashboardOtlp</c>, and no HTTPS endpoint on any project. Settings the user gave win.
    /// </summary>
    public static IDistributedApplicationBuilder UsePlainHttp(this IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        config["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] ??= "true";
        config["ASPNETCORE_URLS"] ??= $"http://localhost:{AppHostSettings.Port(config, "Dashboard") ?? 0}";
        config["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] ??= $"http://localhost:{AppHostSettings.Port(config, "DashboardOtlp") ?? 0}";
        config["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] ??= "http://localhost:0";
        // No project serves HTTPS, so Aspire has no development certificate to look for (and no banner saying it found none).
#pragma warning disable ASPIRECERTIFICATES001 // experimental in Aspire 13.6; the only way to say "no certificate"
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new HttpsCertificateAnnotation { UseDeveloperCertificate = false });
        }
#pragma warning restore ASPIRECERTIFICATES001

        if (!config.GetValue("AppHost:Dashboard:Enabled", true))
        {
            SendTelemetryToCollectorOrNowhere(builder);
        }

        return builder;
    }

    /// <summary>
    /// Without the dashboard nothing listens on its OTLP port, yet Aspire still points every project there (and each
    /// would trace, buffer and retry for nothing): the collector <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names, else no export.
    /// </summary>
    private static void SendTelemetryToCollectorOrNowhere(IDistributedApplicationBuilder builder)
    {
        var collector = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var protocol = builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "http/protobuf";
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                if (context.ExecutionContext.IsRunMode)
                {
                    context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                    if (!string.IsNullOrEmpty(collector))
                    {
                        context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector;
                        context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol;
                    }
                }
            }));
        }
    }

    /// <summary>
    /// The project's <c>http</c> endpoint on the port <c>AppHost:Ports:{setting}</c> names (empty: a free one). One
    /// process listens on it itself; several replicas sit behind Aspire's proxy on that port.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalPort(this IResourceBuilder<ProjectResource> project, string setting, int replicas = 1)
    {
        var port = AppHostSettings.Port(project.ApplicationBuilder.Configuration, setting);
        return project.WithEndpoint("http", endpoint =>
        {
            endpoint.Port = port;
            endpoint.IsProxied = replicas > 1 || port is null;
            endpoint.TargetPort = endpoint.IsProxied ? null : port;
        });
    }

    /// <summary>Each configuration key that is not set gets a random value for this run (a local run only).</summary>
    public static IDistributedApplicationBuilder GenerateMissingSecrets(this IDistributedApplicationBuilder builder, params string[] keys)
    {
        foreach (var key in keys)
        {
            builder.Configuration[key] = builder.Configuration[key] is { Length: > 0 } given ? given : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        }

        return builder;
    }
}
