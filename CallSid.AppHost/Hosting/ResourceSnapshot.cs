namespace CallSid.AppHost.Hosting;

/// <summary>One row of the resources table and of the dashboard's Resources page: a resource, or one instance of a project.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string DisplayName,
    string Type,
    ResourceState State,
    ResourceHealth? Health,
    DateTimeOffset? StartTime,
    DateTimeOffset? StopTime,
    int RestartCount,
    int? Pid,
    int? ExitCode,
    string Detail,
    IReadOnlyList<ResourceEndpoint> Endpoints,
    IReadOnlyList<EnvironmentVariableSnapshot> Environment,
    IReadOnlyList<string> Commands,
    string? InstanceId)
{
    internal static ResourceSnapshot Of(
        Resource resource, string name, ResourceStatus status, string? instanceId,
        IReadOnlyList<ResourceEndpoint> endpoints, IReadOnlyList<EnvironmentVariableSnapshot> environment, IReadOnlyList<string>? commands = null) =>
        new(name, resource.Name, resource.Type, status.State, status.Health, status.StartTime, status.StopTime, status.RestartCount,
            status.ProcessId, status.ExitCode, status.Detail, endpoints, environment, commands ?? [], instanceId);
}
