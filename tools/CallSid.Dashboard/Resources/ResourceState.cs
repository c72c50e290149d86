namespace CallSid.Dashboard.Resources;

/// <summary>The resources as the resource service last described them, kept current by <see cref="ResourceWatcher"/>.</summary>
public sealed class ResourceState
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, ResourceSnapshot> _resources = new(StringComparer.Ordinal);
    private long _version;

    public ResourceState(bool configured)
    {
        Status = configured ? ResourceServiceStatus.Connecting : ResourceServiceStatus.Standalone;
    }

    public ResourceServiceStatus Status { get; private set; }

    /// <summary>Why the resource service is unavailable (the last failure), for the banner.</summary>
    public string? Problem { get; private set; }

    public long Version => Interlocked.Read(ref _version);

    public IReadOnlyList<ResourceSnapshot> Resources
    {
        get
        {
            lock (_lock)
            {
                return _resources.Values.ToList();
            }
        }
    }

    public ResourceSnapshot? Find(string name)
    {
        lock (_lock)
        {
            return _resources.GetValueOrDefault(name);
        }
    }

    public void Apply(ResourceWatchEvent change)
    {
        lock (_lock)
        {
            switch (change.Type)
            {
                case "snapshot":
                    _resources.Clear();
                    foreach (var resource in change.Resources ?? [])
                    {
                        _resources[resource.Name] = resource;
                    }

                    Status = ResourceServiceStatus.Connected;
                    Problem = null;
                    break;
                case "upsert" when change.Resource is not null:
                    _resources[change.Resource.Name] = change.Resource;
                    break;
                case "delete" when change.Name is not null:
                    _resources.Remove(change.Name);
                    break;
            }

            Interlocked.Increment(ref _version);
        }
    }

    public void MarkUnavailable(string problem)
    {
        lock (_lock)
        {
            Status = ResourceServiceStatus.Unavailable;
            Problem = problem;
            Interlocked.Increment(ref _version);
        }
    }
}
