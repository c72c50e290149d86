using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CallSid.Dashboard.Extensions;

/// <summary>
/// The listeners Kestrel bound, by kind. Kestrel writes the real port back into <see cref="ListenOptions"/> when it
/// binds, so after start these are the actual addresses (port 0 in tests included).
/// </summary>
public sealed class DashboardEndpoints
{
    private readonly List<(DashboardEndpointKind Kind, ListenOptions Listener)> _listeners = [];

    public Uri FrontendUri => UriOf(DashboardEndpointKind.Frontend);

    public Uri OtlpUri => UriOf(DashboardEndpointKind.Otlp);

    internal void Add(DashboardEndpointKind kind, ListenOptions listener)
    {
        lock (_listeners)
        {
            _listeners.Add((kind, listener));
        }
    }

    private Uri UriOf(DashboardEndpointKind kind)
    {
        IPEndPoint endPoint;
        lock (_listeners)
        {
            endPoint = _listeners.First(l => l.Kind == kind).Listener.IPEndPoint
                ?? throw new InvalidOperationException($"The {kind} listener is not an IP endpoint.");
        }

        // A wildcard listener is reachable on loopback; that is the address worth printing.
        var host = endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1"
            : endPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]"
            : endPoint.Address.ToString();
        return new Uri($"http://{host}:{endPoint.Port}");
    }
}
