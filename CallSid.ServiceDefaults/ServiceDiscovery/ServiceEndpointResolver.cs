using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace CallSid.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Aspire's service discovery convention without its package (our feed lacks it): <c>http://calls</c> means the
/// addresses in <c>services:calls:http:0</c>, <c>services:calls:http:1</c>, ... (environment
/// <c>services__calls__http__0</c>, ...), one per replica. Requests take them in turn (round robin, as Microsoft's
/// default selector does), passing over one that refused a connection a moment ago while another is left.
/// Addresses with a dot, an IP or localhost are used as they are. <c>https+http://calls</c> prefers https and falls
/// back to http.
/// </summary>
public sealed class ServiceEndpointResolver
{
    /// <summary>
    /// How long an endpoint that refused a connection is passed over. Long enough that a replica which is down costs
    /// one refused attempt (retried elsewhere) every few seconds instead of every other request; short enough that a
    /// restarted replica gets its share again soon after it listens.
    /// </summary>
    public static readonly TimeSpan RefusedEndpointRest = TimeSpan.FromSeconds(5);

    private readonly IConfiguration _configuration;
    private readonly ConcurrentDictionary<string, Uri[]> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StrongBox<int>> _turns = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, long> _restingUntil = new(StringComparer.OrdinalIgnoreCase);

    public ServiceEndpointResolver(IConfiguration configuration)
    {
        _configuration = configuration;
        // Addresses are read once per service; a configuration reload (a changed file) reads them again.
        ChangeToken.OnChange(configuration.GetReloadToken, _endpoints.Clear);
    }

    public bool IsServiceName(Uri address) =>
        address.HostNameType == UriHostNameType.Dns && !address.Host.Contains('.') && !address.IsLoopback;

    /// <summary>The real address for <paramref name="address"/>, keeping its path and query: the service's next endpoint in turn.</summary>
    public Uri Resolve(Uri address)
    {
        if (!IsServiceName(address))
        {
            return address;
        }

        var endpoints = Required(address);
        return new Uri(endpoints.Length == 1 ? endpoints[0] : Next(address.Host, endpoints), address.PathAndQuery);
    }

    /// <summary>Every endpoint of the service <paramref name="address"/> names, in configuration order, keeping its path and query.</summary>
    public IReadOnlyList<Uri> ResolveAll(Uri address) =>
        IsServiceName(address) ? Required(address).Select(endpoint => new Uri(endpoint, address.PathAndQuery)).ToList() : [address];

    /// <summary>
    /// <paramref name="address"/> (a resolved one) refused a connection: its endpoint is passed over for
    /// <see cref="RefusedEndpointRest"/> while the service has another.
    /// </summary>
    public void ReportRefused(Uri address) =>
        _restingUntil[address.GetLeftPart(UriPartial.Authority)] = Environment.TickCount64 + (long)RefusedEndpointRest.TotalMilliseconds;

    /// <summary>Why <paramref name="service"/> cannot be resolved, or null when it can.</summary>
    public string? Problem(string service, string scheme = "http") =>
        Find(service, scheme).Length == 0 ? $"No address for service '{service}': set {ConfigurationKeys(service, scheme)}." : null;

    private Uri[] Required(Uri address) =>
        Find(address.Host, address.Scheme) is { Length: > 0 } endpoints
            ? endpoints
            : throw new InvalidOperationException(
                $"No address for service '{address.Host}': set {ConfigurationKeys(address.Host, address.Scheme)} (the AppHost sets it for you).");

    /// <summary>The endpoint whose turn it is, skipping resting ones; when all rest, the next in turn anyway (one may be back).</summary>
    private Uri Next(string service, Uri[] endpoints)
    {
        var turn = (uint)Interlocked.Increment(ref _turns.GetOrAdd(service, _ => new StrongBox<int>(-1)).Value);
        var now = Environment.TickCount64;
        for (var i = 0; i < endpoints.Length; i++)
        {
            var candidate = endpoints[(turn + i) % endpoints.Length];
            if (!_restingUntil.TryGetValue(candidate.GetLeftPart(UriPartial.Authority), out var until) || until <= now)
            {
                return candidate;
            }
        }

        return endpoints[turn % endpoints.Length];
    }

    /// <summary>The endpoints of the first scheme in <paramref name="scheme"/> (<c>https+http</c>: https, else http) that has any.</summary>
    private Uri[] Find(string service, string scheme) => _endpoints.GetOrAdd($"{scheme}://{service}", _ =>
    {
        foreach (var candidate in scheme.Split('+'))
        {
            var endpoints = _configuration.GetSection($"services:{service}:{candidate}").GetChildren()
                .Select(child => (Index: int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1, child.Value))
                .Where(child => child.Index >= 0 && !string.IsNullOrWhiteSpace(child.Value))
                .OrderBy(child => child.Index)
                .Select(child => Uri.TryCreate(child.Value, UriKind.Absolute, out var endpoint) ? endpoint : null)
                .OfType<Uri>()
                .ToArray();
            if (endpoints.Length > 0)
            {
                return endpoints;
            }
        }

        return [];
    });

    private static string ConfigurationKeys(string service, string scheme) =>
        string.Join(" or ", scheme.Split('+').Select(s => $"services__{service}__{s}__0"));
}
