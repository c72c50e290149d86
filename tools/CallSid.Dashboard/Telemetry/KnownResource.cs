namespace CallSid.Dashboard.Telemetry;

/// <summary>A resource the resource service knows, as far as naming telemetry needs it.</summary>
public sealed record KnownResource(string Name, string DisplayName, string? InstanceId);
