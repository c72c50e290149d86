namespace CallSid.Dashboard.Resources;

public sealed record ResourceEnvironmentVariable(string Name, string? Value, bool IsSecret);
