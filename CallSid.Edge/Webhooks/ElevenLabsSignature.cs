using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CallSid.Edge.Webhooks;

/// <summary>
/// ElevenLabs' webhook signature: header <c>ElevenLabs-Signature: t={unix seconds},v0={hex HMAC-SHA256(secret,
/// "{t}.{raw body}")}</c>. Verified on the exact bytes received, in constant time, within a time window.
/// </summary>
public static class ElevenLabsSignature
{
    public const string HeaderName = "ElevenLabs-Signature";

    /// <summary>Null when <paramref name="header"/> is a valid signature of <paramref name="body"/>; otherwise why not.</summary>
    /// <param name="tolerance">How old a signature may be.</param>
    /// <param name="clockSkew">How far in the future a signature may be (the senders' clock may run a little ahead).</param>
    public static string? Verify(string? header, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan tolerance, TimeSpan clockSkew)
    {
        if (Parse(header, now, tolerance, clockSkew, out var timestamp, out var signatures) is { } problem)
        {
            return problem;
        }

        var expected = Compute(secret, timestamp, body);
        return signatures.Any(signature => CryptographicOperations.FixedTimeEquals(signature, expected))
            ? null
            : "signature does not match the body";
    }

    /// <summary>
    /// What can be checked before the body is read (present, well formed, recent): null when the header passes, so
    /// a request without a plausible signature never makes the edge read its body.
    /// </summary>
    public static string? CheckHeader(string? header, DateTimeOffset now, TimeSpan tolerance, TimeSpan clockSkew) =>
        Parse(header, now, tolerance, clockSkew, out _, out _);

    private static string? Parse(string? header, DateTimeOffset now, TimeSpan tolerance, TimeSpan clockSkew, out string timestamp, out List<byte[]> signatures)
    {
        timestamp = string.Empty;
        signatures = [];
        if (string.IsNullOrWhiteSpace(header))
        {
            return $"missing {HeaderName} header";
        }

        string? signedAt = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                signedAt = part[2..];
            }
            else if (part.StartsWith("v0=", StringComparison.Ordinal))
            {
                try
                {
                    signatures.Add(Convert.FromHexString(part[3..]));
                }
                catch (FormatException)
                {
                    return "malformed signature: v0 is not hex";
                }
            }
        }

        if (signedAt is null || signatures.Count == 0 || !long.TryParse(signedAt, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "malformed signature: expected t=<unix seconds>,v0=<hex>";
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (age > tolerance)
        {
            return $"signature is too old ({age.TotalMinutes:0} minutes; at most {tolerance.TotalMinutes:0})";
        }

        if (-age > clockSkew)
        {
            return $"signature timestamp is in the future ({-age.TotalMinutes:0} minutes ahead; at most {clockSkew.TotalMinutes:0})";
        }

        timestamp = signedAt;
        return null;
    }

    public static byte[] Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}
