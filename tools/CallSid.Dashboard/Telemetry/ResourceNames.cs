namespace CallSid.Dashboard.Telemetry;

/// <summary>
/// Names telemetry resources the way the pages show them. A resource the AppHost knows keeps the AppHost's name
/// (matched by instance id, else by its display name == service.name). Otherwise a service with one instance is
/// just its service.name, and replicas are <c>name-&lt;first 6 characters of the instance id&gt;</c>, as Aspire does.
/// </summary>
public static class ResourceNames
{
    public static Dictionary<TelemetryResource, string> Assign(IReadOnlyCollection<TelemetryResource> seen, IReadOnlyList<KnownResource> known)
    {
        var byInstance = known.Where(k => k.InstanceId is not null).GroupBy(k => k.InstanceId!).ToDictionary(g => g.Key, g => g.First().Name);
        var byDisplayName = known.GroupBy(k => k.DisplayName).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Name);
        var instancesPerService = seen.GroupBy(r => r.ServiceName).ToDictionary(g => g.Key, g => g.Count());

        var names = new Dictionary<TelemetryResource, string>(seen.Count);
        foreach (var resource in seen)
        {
            names[resource] = resource switch
            {
                { InstanceId: { } id } when byInstance.TryGetValue(id, out var name) => name,
                _ when byDisplayName.TryGetValue(resource.ServiceName, out var name) => name,
                _ when instancesPerService[resource.ServiceName] == 1 || string.IsNullOrEmpty(resource.InstanceId) => resource.ServiceName,
                // An instance id that already names the replica (transcripts-1) reads better whole.
                _ when resource.InstanceId.StartsWith(resource.ServiceName + "-", StringComparison.Ordinal) => resource.InstanceId,
                _ => $"{resource.ServiceName}-{resource.InstanceId[..Math.Min(6, resource.InstanceId.Length)]}",
            };
        }

        return names;
    }
}
