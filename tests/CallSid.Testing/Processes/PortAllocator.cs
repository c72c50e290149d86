using CallSid.AppHost;

namespace CallSid.Testing;

/// <summary>The AppHost's own loopback-port helpers (linked from CallSid.AppHost), for tests.</summary>
public static class PortAllocator
{
    /// <summary>A loopback port nobody listens on right now (the OS picks it).</summary>
    public static int GetFreePort() => LoopbackPorts.Free();

    public static bool IsFree(int port) => LoopbackPorts.IsFree(port);
}
