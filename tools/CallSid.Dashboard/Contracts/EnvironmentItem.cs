namespace CallSid.Dashboard.Contracts;

/// <summary>A masked variable has <c>value</c> null and <c>masked</c> true: the value never leaves the dashboard.</summary>
public sealed record EnvironmentItem(string Name, string? Value, bool Masked);
