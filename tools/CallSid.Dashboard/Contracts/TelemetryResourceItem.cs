namespace CallSid.Dashboard.Contracts;

/// <summary>A resource seen in telemetry: the names the filters offer.</summary>
public sealed record TelemetryResourceItem(string Name, string ServiceName, string? InstanceId, DateTimeOffset LastSeen);
