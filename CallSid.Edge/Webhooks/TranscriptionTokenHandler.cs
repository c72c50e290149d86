using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallSid.Edge.Webhooks;

/// <summary>
/// The per-turn webhook: <c>Authorization: Bearer {Webhooks:TranscriptionToken}</c>, compared in constant time. The
/// right token always passes (comparing it costs next to nothing), so ElevenLabs' turns keep flowing from an address
/// that someone else behind it has got blocked; a wrong one from a blocked client is refused with 429.
/// </summary>
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
        var problem = header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            ? (token.Matches(header.AsSpan(Bearer.Length).Trim()) ? null : "invalid bearer token")
            : "missing Authorization: Bearer token";
        if (problem is null)
        {
            return Task.FromResult(Authenticated());
        }

        return Task.FromResult(IsBlocked(out var retryAfter) ? Blocked(retryAfter) : AuthenticateResult.Fail(problem));
    }
}
