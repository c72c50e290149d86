using System.Net;
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

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
