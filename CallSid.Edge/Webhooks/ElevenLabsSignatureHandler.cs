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

        // The exact bytes received, kept for the proxy to send on. Kestrel's body limit applies while reading (413).
        var body = await WebhookBody.ReadAsync(Context);
        var problem = ElevenLabsSignature.Verify(
            Request.Headers[ElevenLabsSignature.HeaderName].ToString(), body.Span, Webhooks.PostCallSecret, time.GetUtcNow(), Webhooks.SignatureTolerance, Webhooks.SignatureClockSkew);
        return problem is null ? Authenticated() : AuthenticateResult.Fail(problem);
    }
}
