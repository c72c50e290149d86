using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace CallSid.Dashboard.Configuration;

/// <summary>
/// One Kestrel listen address from a URL such as <c>http://127.0.0.1:18888</c>. <c>localhost</c> means loopback
/// (IPv4, so the printed URL works everywhere); <c>*</c>, <c>+</c> and <c>0.0.0.0</c> mean every interface.
/// </summary>
public sealed record ListenAddress(IPAddress Address, int Port)
{
    public static bool TryParse(string url, [NotNullWhen(true)] out ListenAddress? address)
    {
        address = null;
        // "*" and "+" are not valid URI hosts; read them as the any-address.
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort && !normalized.Contains(":80", StringComparison.Ordinal))
        {
            return false;
        }

        IPAddress? ip = uri.Host switch
        {
            "localhost" => IPAddress.Loopback,
            _ when IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) => parsed,
            _ => null,
        };
        if (ip is null)
        {
            return false;
        }

        address = new ListenAddress(ip, uri.Port);
        return true;
    }
}
