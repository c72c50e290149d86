using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace CallSid.AppHost;

/// <summary>Loopback ports: one nobody listens on, and whether one is taken (also compiled into the tests' helpers).</summary>
internal static class LoopbackPorts
{
    /// <summary>A loopback port nobody listens on right now (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether nothing listens on the port, on any address (a listener on 0.0.0.0 takes loopback's too).</summary>
    public static bool IsFree(int port) => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().All(listener => listener.Port != port);
}
