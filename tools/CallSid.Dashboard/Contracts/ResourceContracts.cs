namespace CallSid.Dashboard.Contracts;

// JSON API contracts (snake_case on the wire, like the rest of CallSid's APIs).

/// <summary>GET /api/resources. <c>mode</c> is "resource_service" or "standalone".</summary>
public sealed record ResourcesResponse(string Mode, ResourceServiceInfo ResourceService, string? ApplicationName, IReadOnlyList<ResourceItem> Resources);

/// <summary><c>status</c>: standalone, connecting, connected or unavailable (with <c>message</c> saying why).</summary>
public sealed record ResourceServiceInfo(string Status, string? Message);

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

public sealed record EndpointItem(string Name, string Url);

/// <summary>A masked variable has <c>value</c> null and <c>masked</c> true: the value never leaves the dashboard.</summary>
public sealed record EnvironmentItem(string Name, string? Value, bool Masked);

/// <summary>A resource seen in telemetry: the names the filters offer.</summary>
public sealed record TelemetryResourceItem(string Name, string ServiceName, string? InstanceId, DateTimeOffset LastSeen);

/// <summary>GET /api/resources/{name}/console.</summary>
public sealed record ConsoleResponse(string Resource, IReadOnlyList<ConsoleLineItem> Lines, long Next);

public sealed record ConsoleLineItem(long Sequence, DateTimeOffset? Timestamp, string Stream, string Text);

/// <summary>POST /api/resources/{name}/commands/{command}, accepted.</summary>
public sealed record CommandAccepted(string Status, string Message);
