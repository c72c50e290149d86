using CallSid.ServiceDefaults.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace CallSid.Edge.Extensions;

/// <summary>Lets YARP destinations name services (<c>http://transcripts</c>) the way HttpClients do, via <c>services__transcripts__http__0</c>.</summary>
public sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = destinations.ToDictionary(
            destination => destination.Key,
            destination => destination.Value with { Address = resolver.Resolve(new Uri(destination.Value.Address)).ToString() });
        return ValueTask.FromResult(new ResolvedDestinationCollection(resolved, changeToken: null));
    }
}
