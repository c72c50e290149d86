using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost.Hosting;

/// <summary>The AppHost's vocabulary, named after Aspire's so the model reads the same.</summary>
public static class ResourceBuilderExtensions
{
    public static ResourceBuilder<PostgresServerResource> AddPostgres(
        this DistributedApplicationBuilder builder, string name, int port, string dataDirectory, string? binDirectory = null) =>
        builder.AddResource(new PostgresServerResource(name, port, dataDirectory, binDirectory));

    public static ResourceBuilder<DatabaseResource> AddDatabase(this ResourceBuilder<PostgresServerResource> server, string name) =>
        server.Application.AddResource<DatabaseResource>(new PostgresDatabaseResource(name, server.Resource)).WaitFor(server);

    /// <summary>A database run elsewhere, known by its connection string.</summary>
    public static ResourceBuilder<DatabaseResource> AddConnectionString(this DistributedApplicationBuilder builder, string name, string connectionString) =>
        builder.AddResource<DatabaseResource>(new ConnectionStringResource(name, connectionString));

    /// <summary>
    /// One of the AppHost's project references (<c>CallSid.Calls</c>), run from its build output. Like Aspire, it
    /// names the service for telemetry and passes the OTLP endpoint when the AppHost has one.
    /// </summary>
    public static ResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string project) =>
        builder.AddResource(new ProjectResource(name, Projects.AssemblyPath(project)))
            .WithEnvironment("OTEL_SERVICE_NAME", name)
            .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]);

    /// <param name="setting">The AppHost setting the port comes from, named if the port is taken.</param>
    public static ResourceBuilder<ProjectResource> WithHttpEndpoint(this ResourceBuilder<ProjectResource> project, int port, string setting)
    {
        project.Resource.Port = port;
        project.Resource.PortSetting = setting;
        return project;
    }

    /// <summary><c>ConnectionStrings__{name}</c>, as Aspire passes a database.</summary>
    public static ResourceBuilder<ProjectResource> WithReference(this ResourceBuilder<ProjectResource> project, ResourceBuilder<DatabaseResource> database) =>
        project.WithEnvironment($"ConnectionStrings__{database.Resource.Name}", () => database.Resource.ConnectionString);

    /// <summary><c>services__{name}__http__0</c>, as Aspire passes a service, so <c>http://{name}</c> resolves to it.</summary>
    public static ResourceBuilder<ProjectResource> WithReference(this ResourceBuilder<ProjectResource> project, ResourceBuilder<ProjectResource> service) =>
        project.WithEnvironment($"services__{service.Resource.Name}__http__0", () => service.Resource.Url.ToString());

    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string key, string? value) =>
        project.WithEnvironment(key, () => value);

    /// <summary>Resolved when the project starts, after what it waits for is ready.</summary>
    public static ResourceBuilder<ProjectResource> WithEnvironment(this ResourceBuilder<ProjectResource> project, string key, Func<string?> value)
    {
        project.Resource.Environment.Add((key, value));
        return project;
    }

    /// <summary>Every setting of the AppHost's configuration section <paramref name="section"/>, as environment variables.</summary>
    public static ResourceBuilder<ProjectResource> WithConfigurationSection(this ResourceBuilder<ProjectResource> project, string section)
    {
        foreach (var (key, value) in project.Application.Configuration.GetSection(section).AsEnumerable())
        {
            if (value is not null)
            {
                project.WithEnvironment(key.Replace(":", "__"), value);
            }
        }

        return project;
    }

    public static ResourceBuilder<ProjectResource> WithArgs(this ResourceBuilder<ProjectResource> project, params string[] arguments)
    {
        project.Resource.Arguments.AddRange(arguments);
        return project;
    }

    /// <summary>Start only after <paramref name="dependency"/> is ready (a service healthy, a database created).</summary>
    public static ResourceBuilder<T> WaitFor<T, TDependency>(this ResourceBuilder<T> resource, ResourceBuilder<TDependency> dependency)
        where T : Resource
        where TDependency : Resource
    {
        resource.Resource.WaitsFor.Add((dependency.Resource, false));
        return resource;
    }

    /// <summary>Start only after the one-shot <paramref name="job"/> finished successfully.</summary>
    public static ResourceBuilder<T> WaitForCompletion<T>(this ResourceBuilder<T> resource, ResourceBuilder<ProjectResource> job)
        where T : Resource
    {
        job.Resource.IsJob = true;
        resource.Resource.WaitsFor.Add((job.Resource, true));
        return resource;
    }
}
