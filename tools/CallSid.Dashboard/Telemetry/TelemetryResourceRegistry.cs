using System.Collections.Concurrent;

namespace CallSid.Dashboard.Telemetry;

/// <summary>Every resource that has sent telemetry; one shared instance per (service.name, service.instance.id).</summary>
public sealed class TelemetryResourceRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string ServiceName, string InstanceId), TelemetryResource> _resources = new();

    public IReadOnlyCollection<TelemetryResource> All => _resources.Values.ToArray();

    public TelemetryResource GetOrAdd(string serviceName, string? instanceId, Func<KeyValuePair<string, string>[]> attributes)
    {
        var key = (serviceName, instanceId ?? string.Empty);
        if (!_resources.TryGetValue(key, out var resource))
        {
            resource = _resources.GetOrAdd(key, _ => new TelemetryResource(serviceName, instanceId, attributes()));
        }

        resource.Seen(time.GetUtcNow());
        return resource;
    }
}
