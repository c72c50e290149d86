using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CallSid.ServiceDefaults.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallSid.Edge.Webhooks;

/// <summary>What both webhook checks share: a caller that fails gets 401 in our JSON error shape, with the reason.</summary>
public abstract class WebhookAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<WebhookOptions> webhooks)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected WebhookOptions Webhooks => webhooks.Value;

    protected AuthenticateResult Authenticated() =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "elevenlabs")], Scheme.Name)), Scheme.Name));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure?.Message ?? "not authenticated";
        Logger.LogWarning("Webhook {Path} from {Client} refused: {Reason}", Request.Path, Context.Connection.RemoteIpAddress, reason);
        await Response.WriteErrorAsync(StatusCodes.Status401Unauthorized, new ErrorResponse("Unauthorized", reason));
    }
}

/// <summary>The per-turn webhook: <c>Authorization: Bearer {Webhooks:TranscriptionToken}</c>, compared in constant time.</summary>
public sealed class TranscriptionTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<WebhookOptions> webhooks)
    : WebhookAuthenticationHandler(options, logger, encoder, webhooks)
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

/// <summary>The post-call webhook: ElevenLabs' HMAC signature over the raw body.</summary>
public sealed class ElevenLabsSignatureHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<WebhookOptions> webhooks, TimeProvider time)
    : WebhookAuthenticationHandler(options, logger, encoder, webhooks)
{
    public const string SchemeName = "ElevenLabsSignature";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (string.IsNullOrEmpty(Webhooks.PostCallSecret))
        {
            return Authenticated(); // only possible with AllowUnauthenticated in Development
        }

        // The exact bytes received, kept for the proxy to send on. Kestrel's body limit applies while reading (413).
        Request.EnableBuffering();
        using var body = new MemoryStream();
        await Request.Body.CopyToAsync(body, Context.RequestAborted);
        Request.Body.Position = 0;

        var problem = ElevenLabsSignature.Verify(
            Request.Headers[ElevenLabsSignature.HeaderName].ToString(), body.GetBuffer().AsSpan(0, (int)body.Length), Webhooks.PostCallSecret, time.GetUtcNow(), Webhooks.SignatureTolerance);
        return problem is null ? Authenticated() : AuthenticateResult.Fail(problem);
    }
}
