namespace CallSid.AppHost.Hosting;

/// <summary>Something the AppHost runs or provides: a PostgreSQL server, a database, a project.</summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;

    public ResourceState State { get; internal set; } = ResourceState.Waiting;

    /// <summary>What the resources table shows next to the state: an address, an exit code. Never a secret.</summary>
    public string Detail { get; internal set; } = string.Empty;

    /// <summary>The resources to wait for, and whether to wait for them to finish (a one-shot job) or to be ready.</summary>
    internal List<(Resource Resource, bool Completion)> WaitsFor { get; } = [];

    /// <summary>Completes when the resource is ready for its dependents; faults when it cannot be.</summary>
    internal TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Loopback ports this resource will listen on, checked before anything starts.</summary>
    internal virtual IEnumerable<int> Ports => [];

    internal abstract Task StartAsync(ResourceContext context, CancellationToken cancellationToken);

    internal abstract Task StopAsync();
}
