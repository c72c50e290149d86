using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallSid.Edge.Webhooks;

/// <summary>The post-call webhook: ElevenLabs' HMAC signature over the raw body.</summary>
public sealed class ElevenLabsSignatureHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<WebhookOptions> webhooks, FailedAuthenticationLimiter failures, TimeProvider time)
    : WebhookAuthenticationHandler(options, logger, encoder, webhooks, failures)
{
    public const string SchemeName = "ElevenLabsSignature";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (string.IsNullOrEmpty(Webhooks.PostCallSecret))
        {
            return Authenticated(); // only possible with AllowUnauthenticated in Development
        }

        // A blocked client, or a header that cannot be a valid signature, is refused before a byte of the body is read.
        if (IsBlocked(out var retryAfter))
        {
            return Blocked(retryAfter);
        }

        var header = Request.Headers[ElevenLabsSignature.HeaderName].ToString();
        var now = time.GetUtcNow();
        if (ElevenLabsSignature.CheckHeader(header, now, Webhooks.SignatureTolerance, Webhooks.SignatureClockSkew) is { } problem)
        {
            return AuthenticateResult.Fail(problem);
        }

        // The exact bytes received, kept for the proxy to send on. Kestrel's body limit applies while reading (413).
        var body = await WebhookBody.ReadAsync(Context);
        problem = ElevenLabsSignature.Verify(header, body.Span, Webhooks.PostCallSecret, now, Webhooks.SignatureTolerance, Webhooks.SignatureClockSkew);
        return problem is null ? Authenticated() : AuthenticateResult.Fail(problem);
    }
}
