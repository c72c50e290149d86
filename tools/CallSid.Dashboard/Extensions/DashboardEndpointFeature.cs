namespace CallSid.Dashboard.Extensions;

/// <summary>Set on every connection by its listener, so requests can be kept to the listener they belong to.</summary>
public sealed record DashboardEndpointFeature(DashboardEndpointKind Kind);
