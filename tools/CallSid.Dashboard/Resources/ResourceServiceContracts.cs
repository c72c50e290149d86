namespace CallSid.Dashboard.Resources;

// The AppHost's resource service, as it sends it (camelCase JSON). Secret environment values arrive as null.

/// <summary>GET /resources.</summary>
public sealed record ResourceList(string? ApplicationName, IReadOnlyList<ResourceSnapshot> Resources);

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

public sealed record ResourceEndpoint(string Name, string Url);

public sealed record ResourceEnvironmentVariable(string Name, string? Value, bool IsSecret);

/// <summary>One event of GET /resources/watch: snapshot (resources), upsert (resource) or delete (name).</summary>
public sealed record ResourceWatchEvent(string Type, IReadOnlyList<ResourceSnapshot>? Resources, ResourceSnapshot? Resource, string? Name);

/// <summary>One captured line of a resource's stdout or stderr.</summary>
public sealed record ConsoleLine(long Sequence, DateTimeOffset? Timestamp, string Stream, string Text);

/// <summary>GET /resources/{name}/console?after=N: lines after N, and the sequence to ask after next time.</summary>
public sealed record ConsoleBatch(IReadOnlyList<ConsoleLine> Lines, long Next);

/// <summary>What the resource service answered to a command (200 accepted, 404, 409), or 503 when it could not be reached.</summary>
public sealed record CommandOutcome(int StatusCode, string Message);
