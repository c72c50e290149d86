using CallSid.ServiceDefaults.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace CallSid.Edge.Extensions;

/// <summary>
/// Lets YARP destinations name services (<c>http://transcripts</c>) the way HttpClients do: one destination per
/// replica, from <c>services__transcripts__http__0</c>, <c>__1</c>, ... and named <c>{destination}[{address}]</c> as
/// Microsoft's resolver names them. YARP then balances over them and checks their health itself.
/// </summary>
public sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>();
        foreach (var (name, destination) in destinations)
        {
            var address = new Uri(destination.Address);
            if (!resolver.IsServiceName(address))
            {
                resolved[name] = destination;
                continue;
            }

            foreach (var endpoint in resolver.ResolveAll(address))
            {
                resolved[$"{name}[{endpoint}]"] = destination with { Address = endpoint.ToString() };
            }
        }

        return ValueTask.FromResult(new ResolvedDestinationCollection(resolved, changeToken: null));
    }
}
