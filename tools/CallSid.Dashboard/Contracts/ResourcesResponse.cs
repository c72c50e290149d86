namespace CallSid.Dashboard.Contracts;

// JSON API contracts (snake_case on the wire, like the rest of CallSid's APIs).

/// <summary>GET /api/resources. <c>mode</c> is "resource_service" or "standalone".</summary>
public sealed record ResourcesResponse(string Mode, ResourceServiceInfo ResourceService, string? ApplicationName, IReadOnlyList<ResourceItem> Resources);
