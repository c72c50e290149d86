namespace CallSid.AppHost.Hosting;

/// <summary>One setting handed to a project's process; the value is resolved when the process starts.</summary>
/// <param name="IsSecret">Never shown where the AppHost displays settings.</param>
public sealed record EnvironmentVariable(string Name, Func<string?> Value, bool IsSecret);
