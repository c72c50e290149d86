namespace CallSid.Dashboard.Contracts;

/// <summary>From the OpenTelemetry exception.* attributes.</summary>
public sealed record ExceptionItem(string? Type, string? Message, string? Stacktrace);
