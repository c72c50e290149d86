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
            .WithLocalEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", () => builder.Dashboard?.OtlpUrl.ToString() ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            .WithLocalEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", () => builder.Dashboard is null ? builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] : "http/protobuf")
            .WithLocalEnvironment("OTEL_EXPORTER_OTLP_HEADERS", () => builder.Dashboard is { } dashboard ? $"x-otlp-api-key={dashboard.OtlpApiKey}" : builder.Configuration["OTEL_EXPORTER_OTLP_HEADERS"], isSecret: true)
            // Live pages: spans and logs leave within a second, metrics every five (the SDK's defaults are 5 s and 60 s).
            .WithLocalEnvironment("OTEL_BSP_SCHEDULE_DELAY", () => builder.Dashboard is null ? null : "1000")
            .WithLocalEnvironment("OTEL_BLRP_SCHEDULE_DELAY", () => builder.Dashboard is null ? null : "1000")
            .WithLocalEnvironment("OTEL_METRIC_EXPORT_INTERVAL", () => builder.Dashboard is null ? null : "5000");

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
        project.WithEnvironment(
            $"ConnectionStrings__{database.Resource.Name}", () => database.Resource.ConnectionString, isSecret: true, new ManifestValue.ConnectionString(database.Resource));

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

    /// <summary>Reached from outside the system; a published graph exposes only these (a LoadBalancer, a published port).</summary>
    public static ResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this ResourceBuilder<ProjectResource> project)
    {
        project.Resource.IsExternal = true;
        return project;
    }

    /// <summary>A literal setting; published as configuration (a ConfigMap entry). Null sets nothing.</summary>
    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string name, string? value) =>
        project.WithEnvironment(name, () => value, isSecret: false, new ManifestValue.Literal(value));

    /// <summary>Resolved when the project starts, after what it waits for is ready; known only to a running AppHost, so it cannot be published.</summary>
    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string name, Func<string?> value) =>
        project.WithEnvironment(name, value, isSecret: false, manifest: null);

    /// <summary>A secret setting; published as a reference to the orchestrator's Secret named after it, never its value.</summary>
    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string name, Secret secret) =>
        project.WithEnvironment(name, () => secret.Value, isSecret: true, new ManifestValue.SecretReference(secret));

    /// <summary>
    /// A setting that exists only when the AppHost runs on this machine (the local telemetry endpoint and its key):
    /// resolved when the project starts, left out when the graph is published. (Ours: Aspire decides this per resource type.)
    /// </summary>
    public static ResourceBuilder<ProjectResource> WithLocalEnvironment(
        this ResourceBuilder<ProjectResource> project, string name, Func<string?> value, bool isSecret = false) =>
        project.WithEnvironment(name, value, isSecret, new ManifestValue.LocalOnly());

    /// <summary>
    /// Every setting of the AppHost's configuration section <paramref name="section"/>, as environment variables. Those
    /// whose name says they are secret (an API key, a password, a token, a secret) are handed over as secrets: never
    /// shown by the resource service, the dashboard or the start-up table, and never published (publishing stops and
    /// names them: a graph hands its secrets over with <c>AddSecret</c>).
    /// </summary>
    public static ResourceBuilder<ProjectResource> WithConfigurationSection(this ResourceBuilder<ProjectResource> project, string section)
    {
        foreach (var (key, value) in project.Application.Configuration.GetSection(section).AsEnumerable())
        {
            if (value is null)
            {
                continue;
            }

            var isSecret = IsSecretName(key);
            project.WithEnvironment(key.Replace(":", "__"), () => value, isSecret, isSecret
                ? new ManifestValue.Refused($"a secret is never published as configuration; unset {key} where you publish, and hand it to the graph with AddSecret (published as a reference to the orchestrator's Secret)")
                : new ManifestValue.Literal(value));
        }

        return project;
    }

    private static bool IsSecretName(string key)
    {
        var name = key[(key.LastIndexOf(':') + 1)..];
        return new[] { "key", "secret", "password", "token", "connectionstring" }.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A setting given again replaces the earlier one (a secret given after a configuration section that held its value).</summary>
    private static ResourceBuilder<ProjectResource> WithEnvironment(
        this ResourceBuilder<ProjectResource> project, string name, Func<string?> value, bool isSecret, ManifestValue? manifest)
    {
        project.Resource.Environment.RemoveAll(variable => string.Equals(variable.Name, name, StringComparison.OrdinalIgnoreCase));
        project.Resource.Environment.Add(new EnvironmentVariable(name, value, isSecret, manifest));
        return project;
    }
}
