namespace CallSid.Dashboard.Contracts;

/// <summary><c>status</c>: standalone, connecting, connected or unavailable (with <c>message</c> saying why).</summary>
public sealed record ResourceServiceInfo(string Status, string? Message);
