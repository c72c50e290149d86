using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Resources;

/// <summary>
/// The resources the pages show: the resource service's when there is one, otherwise those derived from the
/// telemetry received. Also names telemetry resources and turns a <c>resource=</c> filter into a predicate.
/// </summary>
public sealed class ResourceCatalog(ResourceState state, TelemetryResourceRegistry registry, TimeProvider time)
{
    /// <summary>A standalone resource that sent nothing for this long is shown as inactive.</summary>
    private static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(2);

    public ResourcesResponse Describe()
    {
        var names = TelemetryNames();
        var lastSeen = names.GroupBy(n => n.Value).ToDictionary(g => g.Key, g => g.Max(n => n.Key.LastSeen));
        if (state.Status == ResourceServiceStatus.Standalone)
        {
            var now = time.GetUtcNow();
            var derived = names
                .OrderBy(n => n.Value, StringComparer.Ordinal)
                .Select(n => new ResourceItem(
                    n.Value, n.Key.ServiceName, "Telemetry", now - n.Key.LastSeen < ActiveWindow ? "Active" : "Inactive", null, null, null, 0, null, null,
                    "Derived from OTLP telemetry (service.name)", [], [], [], n.Key.InstanceId, n.Key.LastSeen))
                .ToList();
            return new ResourcesResponse("standalone", new ResourceServiceInfo("standalone", "no resource service: running standalone"), null, derived);
        }

        var resources = state.Resources.Select(r => new ResourceItem(
                r.Name,
                r.DisplayName ?? r.Name,
                r.Type ?? "Unknown",
                r.State ?? "Unknown",
                r.Health,
                r.StartTime,
                r.StopTime,
                r.RestartCount,
                r.Pid,
                r.ExitCode,
                r.Detail,
                (r.Endpoints ?? []).Select(e => new EndpointItem(e.Name, e.Url)).ToList(),
                (r.Environment ?? []).Select(Masked).ToList(),
                r.Commands ?? [],
                r.InstanceId,
                lastSeen.TryGetValue(r.Name, out var seen) ? seen : null))
            .ToList();
        var status = state.Status.ToString().ToLowerInvariant();
        var message = state.Status == ResourceServiceStatus.Unavailable ? $"resource service unavailable: {state.Problem}" : null;
        return new ResourcesResponse("resource_service", new ResourceServiceInfo(status, message), "CallSid", resources);
    }

    /// <summary>The name each telemetry resource is shown under (see <see cref="ResourceNames"/>).</summary>
    public Dictionary<TelemetryResource, string> TelemetryNames()
    {
        var known = state.Resources.Select(r => new KnownResource(r.Name, r.DisplayName ?? r.Name, r.InstanceId)).ToList();
        return ResourceNames.Assign(registry.All, known);
    }

    public IReadOnlyList<TelemetryResourceItem> TelemetryResources() =>
        TelemetryNames()
            .Select(n => new TelemetryResourceItem(n.Value, n.Key.ServiceName, n.Key.InstanceId, n.Key.LastSeen))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Matches a resource by its shown name, its service name (so "transcripts" selects every replica) or its
    /// instance id. No filter matches everything.
    /// </summary>
    public static Func<TelemetryResource, bool> Filter(string? resource, Dictionary<TelemetryResource, string> names) =>
        string.IsNullOrEmpty(resource)
            ? _ => true
            : r => r.ServiceName == resource || r.InstanceId == resource || (names.TryGetValue(r, out var name) && name == resource);

    private static EnvironmentItem Masked(ResourceEnvironmentVariable variable) =>
        SecretMasking.IsSecret(variable) ? new EnvironmentItem(variable.Name, null, true) : new EnvironmentItem(variable.Name, variable.Value, false);
}
