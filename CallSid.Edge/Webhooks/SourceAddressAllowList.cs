using System.Net;

namespace CallSid.Edge.Webhooks;

/// <summary>
/// The addresses ElevenLabs sends its webhooks from (<c>Edge:AllowedSourceAddresses</c>: addresses, or networks as
/// <c>34.67.146.0/24</c>, from ElevenLabs' published list). Empty, the default: any sender, as authentication alone decides.
/// </summary>
public sealed class SourceAddressAllowList
{
    private readonly IReadOnlyList<IPNetwork> _networks;

    public SourceAddressAllowList(IEnumerable<string> entries) =>
        _networks = entries.Select(entry => TryParse(entry, out var network)
            ? network
            : throw new InvalidOperationException($"Edge:AllowedSourceAddresses: '{entry}' is neither an IP address nor a network such as 34.67.146.0/24.")).ToList();

    public bool IsEnabled => _networks.Count > 0;

    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var sender = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _networks.Any(network => network.Contains(sender));
    }

    public static bool TryParse(string entry, out IPNetwork network)
    {
        if (IPAddress.TryParse(entry, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(entry, out network);
    }
}
