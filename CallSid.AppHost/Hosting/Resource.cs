namespace CallSid.AppHost.Hosting;

/// <summary>Something the AppHost runs or provides: a PostgreSQL server, a database, a project.</summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;

    /// <summary>What kind of resource this is, as the dashboard shows it (<c>Project</c>, <c>PostgresServer</c>, ...).</summary>
    public abstract string Type { get; }

    public ResourceStatus Status { get; } = new();

    public ResourceState State { get => Status.State; internal set => Status.State = value; }

    public string Detail { get => Status.Detail; internal set => Status.Detail = value; }

    /// <summary>Exists only on this machine (Aspire's <c>ExcludeFromManifest</c>): publishing leaves it out.</summary>
    public bool IsExcludedFromManifest { get; internal set; }

    /// <summary>The resources to wait for, and whether to wait for them to finish (a one-shot job) or to be ready.</summary>
    internal List<(Resource Resource, bool Completion)> WaitsFor { get; } = [];

    /// <summary>Completes when the resource is ready for its dependents; faults when it cannot be.</summary>
    internal TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Loopback ports this resource will listen on, checked before anything starts.</summary>
    internal virtual IEnumerable<int> Ports => [];

    /// <summary>One row per running thing: the resource itself, or each instance of a project.</summary>
    internal virtual IEnumerable<ResourceSnapshot> Snapshots() => [ResourceSnapshot.Of(this, Name, Status, instanceId: null, endpoints: [], environment: [])];

    internal abstract Task StartAsync(ResourceContext context, CancellationToken cancellationToken);

    internal abstract Task StopAsync();
}
