using CallSid.ServiceDefaults.Resilience;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace CallSid.Edge.Extensions;

/// <summary>
/// A passive health policy (YARP's <c>HealthCheck:Passive:Policy</c> = <c>RefusedConnection</c>): a replica that
/// refused a connection, or whose name did not resolve, is taken out of rotation at once, for the cluster's
/// <c>ReactivationPeriod</c>; the active check on <c>/health</c> keeps it out until it answers again. YARP's own
/// <c>TransportFailureRate</c> acts only after 10 requests and at a 30 % failure rate over a one-minute window (so a
/// busy replica that dies keeps receiving deliveries for a while), and then keeps the replica out for that whole
/// window, long after it is back. A refused connection proves the replica is not listening: there is nothing to average.
/// </summary>
public sealed class RefusedConnectionHealthPolicy(IDestinationHealthUpdater healthUpdater) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "RefusedConnection";

    /// <summary>When the cluster names no reactivation period.</summary>
    public static readonly TimeSpan DefaultReactivationPeriod = TimeSpan.FromSeconds(10);

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (context.GetForwarderErrorFeature()?.Exception is { } failure && SentRequests.SurelyNeverSent(failure))
        {
            var reactivation = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivationPeriod;
            healthUpdater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, reactivation);
        }
    }
}
