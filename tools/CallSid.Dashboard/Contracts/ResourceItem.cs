namespace CallSid.Dashboard.Contracts;

public sealed record ResourceItem(
    string Name,
    string DisplayName,
    string Type,
    string State,
    string? Health,
    DateTimeOffset? StartTime,
    DateTimeOffset? StopTime,
    int RestartCount,
    int? Pid,
    int? ExitCode,
    string? Detail,
    IReadOnlyList<EndpointItem> Endpoints,
    IReadOnlyList<EnvironmentItem> Environment,
    IReadOnlyList<string> Commands,
    string? InstanceId,
    DateTimeOffset? LastTelemetry);
