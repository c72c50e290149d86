namespace CallSid.AppHost.Hosting;

/// <summary>One setting handed to a project's process; the value is resolved when the process starts.</summary>
/// <param name="IsSecret">Never shown where the AppHost displays settings.</param>
/// <param name="Manifest">What the setting is when the graph is published instead of run; null when only a running AppHost knows it.</param>
public sealed record EnvironmentVariable(string Name, Func<string?> Value, bool IsSecret, ManifestValue? Manifest = null);
