using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallSid.Edge.Webhooks;

/// <summary>The per-turn webhook: <c>Authorization: Bearer {Webhooks:TranscriptionToken}</c>, compared in constant time.</summary>
public sealed class TranscriptionTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<WebhookOptions> webhooks,
    FailedAuthenticationLimiter failures,
    TranscriptionTokenVerifier token)
    : WebhookAuthenticationHandler(options, logger, encoder, webhooks, failures)
{
    public const string SchemeName = "TranscriptionToken";
    private const string Bearer = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!token.IsConfigured)
        {
            return Task.FromResult(Authenticated()); // only possible with AllowUnauthenticated in Development
        }

        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("missing Authorization: Bearer token"));
        }

        return Task.FromResult(token.Matches(header.AsSpan(Bearer.Length).Trim())
            ? Authenticated()
            : AuthenticateResult.Fail("invalid bearer token"));
    }
}
