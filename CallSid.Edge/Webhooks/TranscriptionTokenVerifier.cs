using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallSid.Edge.Webhooks;

/// <summary>
/// The per-turn webhook's bearer token, kept as its SHA-256: a request hashes only what it presents, and the two
/// hashes are compared in constant time (hashing first makes the comparison constant-time whatever the lengths).
/// </summary>
public sealed class TranscriptionTokenVerifier(IOptions<WebhookOptions> webhooks)
{
    private const int StackLimit = 256;

    private readonly byte[]? _expected = webhooks.Value.TranscriptionToken is { Length: > 0 } token
        ? SHA256.HashData(Encoding.UTF8.GetBytes(token))
        : null;

    /// <summary>False only with <c>AllowUnauthenticated</c> in Development: then nothing is checked.</summary>
    public bool IsConfigured => _expected is not null;

    public bool Matches(ReadOnlySpan<char> presented)
    {
        if (_expected is null)
        {
            return false;
        }

        var size = Encoding.UTF8.GetMaxByteCount(presented.Length);
        var rented = size > StackLimit ? ArrayPool<byte>.Shared.Rent(size) : null;
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[StackLimit];
            var length = Encoding.UTF8.GetBytes(presented, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..length], hash);
            return CryptographicOperations.FixedTimeEquals(hash, _expected);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
