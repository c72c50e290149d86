using Microsoft.Extensions.Configuration;

namespace CallSid.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Aspire's service discovery convention without its package (our feed lacks it): <c>http://calls</c> means the
/// address in <c>services:calls:http:0</c> (environment <c>services__calls__http__0</c>). Addresses with a dot, an IP
/// or localhost are used as they are. <c>https+http://calls</c> prefers https and falls back to http.
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    public bool IsServiceName(Uri address) =>
        address.HostNameType == UriHostNameType.Dns && !address.Host.Contains('.') && !address.IsLoopback;

    /// <summary>The real address for <paramref name="address"/>, keeping its path and query.</summary>
    public Uri Resolve(Uri address)
    {
        if (!IsServiceName(address))
        {
            return address;
        }

        var endpoint = Find(address.Host, address.Scheme)
            ?? throw new InvalidOperationException(
                $"No address for service '{address.Host}': set {ConfigurationKeys(address.Host, address.Scheme)} (the AppHost sets it for you).");
        return new Uri(endpoint, address.PathAndQuery);
    }

    /// <summary>Why <paramref name="service"/> cannot be resolved, or null when it can.</summary>
    public string? Problem(string service, string scheme = "http") =>
        Find(service, scheme) is null ? $"No address for service '{service}': set {ConfigurationKeys(service, scheme)}." : null;

    private Uri? Find(string service, string scheme)
    {
        foreach (var candidate in scheme.Split('+'))
        {
            var value = configuration[$"services:{service}:{candidate}:0"];
            if (!string.IsNullOrWhiteSpace(value) && Uri.TryCreate(value, UriKind.Absolute, out var endpoint))
            {
                return endpoint;
            }
        }

        return null;
    }

    private static string ConfigurationKeys(string service, string scheme) =>
        string.Join(" or ", scheme.Split('+').Select(s => $"services__{service}__{s}__0"));
}
