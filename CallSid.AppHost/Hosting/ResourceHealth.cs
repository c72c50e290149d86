namespace CallSid.AppHost.Hosting;

/// <summary>What the resource's readiness check said last (a service's <c>/health</c>, the database's connection).</summary>
public enum ResourceHealth
{
    Healthy,
    Unhealthy,
}
