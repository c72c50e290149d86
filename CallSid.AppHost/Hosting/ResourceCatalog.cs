namespace CallSid.AppHost.Hosting;

/// <summary>
/// What the resource service shows: every resource the AppHost runs (each project instance its own row), except the
/// dashboard itself. <see cref="Changed"/> fires with the entry whose status changed.
/// </summary>
public sealed class ResourceCatalog
{
    private readonly Dictionary<string, ResourceEntry> _entries;

    public ResourceCatalog(IEnumerable<Resource> resources)
    {
        _entries = resources
            .Where(resource => resource is not ProjectResource { IsDashboard: true })
            .SelectMany(Entries)
            .ToDictionary(entry => entry.Name, StringComparer.Ordinal);
        foreach (var entry in _entries.Values)
        {
            entry.Status.Changed += () => Changed?.Invoke(entry);
        }
    }

    public event Action<ResourceEntry>? Changed;

    public IReadOnlyCollection<ResourceEntry> Entries() => _entries.Values;

    public ResourceEntry? Find(string name) => _entries.GetValueOrDefault(name);

    private static IEnumerable<ResourceEntry> Entries(Resource resource) => resource is ProjectResource project
        ? project.Instances.Select(instance => new ResourceEntry(instance.Name, instance.Status, instance.Snapshot, instance))
        : [new ResourceEntry(resource.Name, resource.Status, () => resource.Snapshots().Single(), null)];
}
