namespace CallSid.AppHost.Hosting;

/// <summary>One row of the resource service: a resource, or one instance of a project (which takes commands).</summary>
public sealed record ResourceEntry(string Name, ResourceStatus Status, Func<ResourceSnapshot> Snapshot, ProjectInstance? Instance);
