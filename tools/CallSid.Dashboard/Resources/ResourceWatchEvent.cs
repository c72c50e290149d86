namespace CallSid.Dashboard.Resources;

/// <summary>One event of GET /resources/watch: snapshot (resources), upsert (resource) or delete (name).</summary>
public sealed record ResourceWatchEvent(string Type, IReadOnlyList<ResourceSnapshot>? Resources, ResourceSnapshot? Resource, string? Name);
