namespace CallSid.AppHost.Publishing;

/// <summary>
/// A project of Aspire's model as an orchestrator runs it: one image, its replicas, and the environment its callbacks
/// give in publish mode, each value described (<see cref="PublishedValue"/>) instead of resolved.
/// </summary>
public sealed record PublishedProject(ProjectResource Project, string Image, IReadOnlyDictionary<string, PublishedValue> Settings)
{
    // Aspire's plumbing for its own manifest, replaced by ours: HTTP_PORTS (ASPNETCORE_URLS below), forwarded headers and
    // the OTLP exporter's retry (the operator points the services at a collector), HTTPS discovery (TLS ends at the load balancer).
    private static readonly string[] AspirePlumbing = ["HTTP_PORTS", "ASPNETCORE_FORWARDEDHEADERS_ENABLED", "OTEL_DOTNET_EXPERIMENTAL_"];

    public string Name => Project.Name;

    public int Replicas => Project.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) ? replicas.Replicas : 1;

    /// <summary><c>WithExternalHttpEndpoints</c>: a published graph exposes only these.</summary>
    public bool IsExternal => IsExternalService(Project);

    /// <summary>Runs to completion instead of serving (the migrations): another resource waits for its completion.</summary>
    public bool IsJob { get; private init; }

    public IEnumerable<ProjectResource> Jobs => Waits(WaitType.WaitForCompletion).OfType<ProjectResource>();

    public IEnumerable<IResource> Dependencies => Waits(WaitType.WaitUntilHealthy);

    public static bool IsExternalService(IResource resource) => resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal);

    public static bool IsExcluded(IResource resource) =>
        resource.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var manifest) && manifest.Callback is null;

    /// <summary>The resources to publish: projects, secrets and the database; anything else must be left out explicitly.</summary>
    public static IEnumerable<IResource> PublishableResources(DistributedApplicationModel model, string orchestrator) =>
        model.Resources.Where(r => !IsExcluded(r)).Select(r => r is ProjectResource or ParameterResource or PostgresServerResource
            or PostgresDatabaseResource or ConnectionStringResource ? r : throw new InvalidOperationException(
                $"{r.Name} ({r.GetType().Name}) cannot be published to {orchestrator}; if it runs only locally, mark it ExcludeFromManifest()."));

    public static async Task<PublishedProject> FromAsync(ProjectResource project, DistributedApplicationModel model,
        DistributedApplicationExecutionContext executionContext, PublishingOptions options, CancellationToken cancellationToken)
    {
        var isJob = model.Resources.Any(r => r.Annotations.OfType<WaitAnnotation>().Any(w => w.WaitType == WaitType.WaitForCompletion && w.Resource == project));
        var settings = new Dictionary<string, PublishedValue>(StringComparer.OrdinalIgnoreCase)
        {
            ["DOTNET_ENVIRONMENT"] = new PublishedValue.Literal("Production"),
            ["ASPNETCORE_ENVIRONMENT"] = new PublishedValue.Literal("Production"),
            ["Logging__Console__FormatterName"] = new PublishedValue.Literal("simple"),
            ["Logging__Console__FormatterOptions__SingleLine"] = new PublishedValue.Literal("true"),
            ["OTEL_SERVICE_NAME"] = new PublishedValue.Literal(project.Name),
            ["OTEL_RESOURCE_ATTRIBUTES"] = new PublishedValue.InstanceId(),
        };
        if (!isJob)
        {
            settings["ASPNETCORE_URLS"] = new PublishedValue.Literal($"http://+:{options.ContainerPort}");
        }

        var context = new EnvironmentCallbackContext(executionContext, project, cancellationToken: cancellationToken);
        foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        // WithReference also hands out each reference's parts ({NAME}_HOST, {NAME}_URI, {NAME}_HTTP, ...); ours read
        // ConnectionStrings__* and services__*, so only those are published.
        var referenceParts = model.Resources.Select(r => r.Name.Replace('-', '_').ToUpperInvariant() + "_").ToList();
        foreach (var (name, value) in context.EnvironmentVariables)
        {
            if (value is null || AspirePlumbing.Any(p => name.StartsWith(p, StringComparison.Ordinal))
                || referenceParts.Any(p => name.StartsWith(p, StringComparison.Ordinal))
                || (name.StartsWith("services__", StringComparison.Ordinal) && !name.Contains("__http__", StringComparison.Ordinal)))
            {
                continue;
            }

            settings[name] = Describe(project, name, value);
        }

        return new PublishedProject(project, $"{options.ImagePrefix}/{project.Name}:{options.ImageTag}", settings) { IsJob = isJob };
    }

    private static PublishedValue Describe(ProjectResource project, string name, object value) => value switch
    {
        string literal => new PublishedValue.Literal(literal),
        ParameterResource { Secret: true } secret => new PublishedValue.Secret(secret),
        ConnectionStringReference reference => new PublishedValue.ConnectionString(reference.Resource),
        IResourceWithConnectionString database => new PublishedValue.ConnectionString(database),
        EndpointReference { Resource: ProjectResource service } => new PublishedValue.ServiceAddress(service),
        EndpointReferenceExpression { Endpoint.Resource: ProjectResource service, Property: EndpointProperty.Url } => new PublishedValue.ServiceAddress(service),
        ReferenceExpression { Format: "{0}", ValueProviders: [var single] } => Describe(project, name, single),
        _ => throw new InvalidOperationException(
            $"{project.Name}: {name} ({value.GetType().Name}) has a value only a running AppHost knows, so it cannot be published; " +
            "give it a literal, a secret parameter, a connection string or an endpoint, or set it only when ExecutionContext.IsRunMode."),
    };

    private IEnumerable<IResource> Waits(WaitType type) =>
        Project.Annotations.OfType<WaitAnnotation>().Where(w => w.WaitType == type).Select(w => w.Resource).Distinct();
}
