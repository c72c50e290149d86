namespace CallSid.AppHost.Hosting;

/// <summary>A setting a process was started with, as the AppHost shows it: a secret's value is never included.</summary>
public sealed record EnvironmentVariableSnapshot(string Name, string? Value, bool IsSecret);
