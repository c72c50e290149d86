using System.Security.Cryptography;
using System.Text;
using CallSid.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Security;

/// <summary>Checks a presented browser token in constant time (hashes first, so not even its length leaks).</summary>
public sealed class BrowserToken(IOptions<DashboardOptions> options)
{
    private readonly byte[]? _expected = options.Value.Frontend.BrowserToken is { Length: > 0 } token ? Hash(token) : null;

    public bool IsValid(string? presented) =>
        _expected is not null && presented is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Hash(presented), _expected);

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
