namespace CallSid.Dashboard.Resources;

// The AppHost's resource service, as it sends it (camelCase JSON). Secret environment values arrive as null.

/// <summary>GET /resources.</summary>
public sealed record ResourceList(string? ApplicationName, IReadOnlyList<ResourceSnapshot> Resources);
