namespace CallSid.Dashboard.Resources;

/// <summary>One resource (one process; each replica is its own resource with the same display name).</summary>
public sealed record ResourceSnapshot(
    string Name,
    string? DisplayName,
    string? Type,
    string? State,
    string? Health,
    DateTimeOffset? StartTime,
    DateTimeOffset? StopTime,
    int RestartCount,
    int? Pid,
    int? ExitCode,
    string? Detail,
    IReadOnlyList<ResourceEndpoint>? Endpoints,
    IReadOnlyList<ResourceEnvironmentVariable>? Environment,
    IReadOnlyList<string>? Commands,
    string? InstanceId);
