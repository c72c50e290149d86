using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallSid.Edge.Webhooks;

/// <summary>The per-turn webhook: <c>Authorization: Bearer {Webhooks:TranscriptionToken}</c>, compared in constant time.</summary>
public sealed class TranscriptionTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<WebhookOptions> webhooks, FailedAuthenticationLimiter failures)
    : WebhookAuthenticationHandler(options, logger, encoder, webhooks, failures)
{
    public const string SchemeName = "TranscriptionToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (string.IsNullOrEmpty(Webhooks.TranscriptionToken))
        {
            return Task.FromResult(Authenticated()); // only possible with AllowUnauthenticated in Development
        }

        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("missing Authorization: Bearer token"));
        }

        // Hashing first makes the comparison constant-time whatever the lengths.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(Webhooks.TranscriptionToken));
        return Task.FromResult(CryptographicOperations.FixedTimeEquals(presented, expected)
            ? Authenticated()
            : AuthenticateResult.Fail("invalid bearer token"));
    }
}
