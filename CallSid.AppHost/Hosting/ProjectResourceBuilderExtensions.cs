using CallSid.Hosting.Processes;
using CallSid.Hosting.Projects;
using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost.Hosting;

/// <summary>Projects and what they are handed, with Aspire's signatures and environment conventions.</summary>
public static class ProjectResourceBuilderExtensions
{
    /// <summary>
    /// One of the AppHost's project references (<c>Projects.CallSid_Calls</c>), run from its build output. Like Aspire,
    /// it names the service for telemetry and passes the OTLP endpoint when the AppHost has one.
    /// </summary>
    public static ResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddResource(new ProjectResource(name, new TProject()))
            .WithEnvironment("OTEL_SERVICE_NAME", name)
            // To the dashboard when the AppHost runs one; else wherever the AppHost's own OTEL_* settings point.
            .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", () => builder.Dashboard?.OtlpUrl.ToString() ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", () => builder.Dashboard is null ? builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] : "http/protobuf")
            .WithEnvironment("OTEL_EXPORTER_OTLP_HEADERS", () => builder.Dashboard is { } dashboard ? $"x-otlp-api-key={dashboard.OtlpApiKey}" : builder.Configuration["OTEL_EXPORTER_OTLP_HEADERS"], isSecret: true)
            // Live pages: spans and logs leave within a second, metrics every five (the SDK's defaults are 5 s and 60 s).
            .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", () => builder.Dashboard is null ? null : "1000")
            .WithEnvironment("OTEL_BLRP_SCHEDULE_DELAY", () => builder.Dashboard is null ? null : "1000")
            .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", () => builder.Dashboard is null ? null : "5000");

    /// <summary>
    /// The project listens on http://127.0.0.1:<paramref name="port"/> (<c>ASPNETCORE_URLS</c>); a free port when null.
    /// Only <paramref name="isProxied"/> false is supported (the project itself listens on the port; no proxy in front),
    /// which is also what it means in Aspire.
    /// </summary>
    public static ResourceBuilder<ProjectResource> WithHttpEndpoint(
        this ResourceBuilder<ProjectResource> project, int? port = null, string? name = null, bool isProxied = true)
    {
        if (isProxied)
        {
            throw new NotSupportedException($"{project.Resource.Name}: this AppHost runs no endpoint proxies; use WithHttpEndpoint(..., isProxied: false).");
        }

        project.Resource.Port = port ?? PortAllocator.GetFreePort();
        return project;
    }

    /// <summary><c>ConnectionStrings__{name}</c>, as Aspire passes a database.</summary>
    public static ResourceBuilder<ProjectResource> WithReference(this ResourceBuilder<ProjectResource> project, ResourceBuilder<DatabaseResource> database) =>
        project.WithEnvironment($"ConnectionStrings__{database.Resource.Name}", () => database.Resource.ConnectionString, isSecret: true);

    /// <summary>
    /// <c>services__{name}__http__{i}</c> for each of the service's replicas, as Aspire passes a service, so
    /// <c>http://{name}</c> resolves to them.
    /// </summary>
    public static ResourceBuilder<ProjectResource> WithReference(this ResourceBuilder<ProjectResource> project, ResourceBuilder<ProjectResource> service)
    {
        project.Resource.ServiceReferences.Add(service.Resource);
        return project;
    }

    /// <summary>Runs <paramref name="replicas"/> processes of the project, each on its own port (Aspire's <c>WithReplicas</c>).</summary>
    public static ResourceBuilder<ProjectResource> WithReplicas(this ResourceBuilder<ProjectResource> project, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        project.Resource.Replicas = replicas;
        return project;
    }

    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string name, string? value) =>
        project.WithEnvironment(name, () => value);

    /// <summary>Resolved when the project starts, after what it waits for is ready.</summary>
    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string name, Func<string?> value) =>
        project.WithEnvironment(name, value, isSecret: false);

    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string name, Secret secret) =>
        project.WithEnvironment(name, () => secret.Value, isSecret: true);

    /// <summary>
    /// Every setting of the AppHost's configuration section <paramref name="section"/>, as environment variables. Those
    /// whose name says they are secret (an API key, a password, a token, a secret) are handed over as secrets: never
    /// shown by the resource service, the dashboard or the start-up table.
    /// </summary>
    public static ResourceBuilder<ProjectResource> WithConfigurationSection(this ResourceBuilder<ProjectResource> project, string section)
    {
        foreach (var (key, value) in project.Application.Configuration.GetSection(section).AsEnumerable())
        {
            if (value is not null)
            {
                project.WithEnvironment(key.Replace(":", "__"), () => value, isSecret: IsSecretName(key));
            }
        }

        return project;
    }

    private static bool IsSecretName(string key)
    {
        var name = key[(key.LastIndexOf(':') + 1)..];
        return new[] { "key", "secret", "password", "token", "connectionstring" }.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    internal static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string name, Func<string?> value, bool isSecret)
    {
        project.Resource.Environment.Add(new EnvironmentVariable(name, value, isSecret));
        return project;
    }
}
