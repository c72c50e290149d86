using System.Security.Claims;
using System.Text.Encodings.Web;
using CallSid.ServiceDefaults.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallSid.Edge.Webhooks;

/// <summary>
/// What both webhook checks share: a caller that fails gets 401 in our JSON error shape, with the reason, and the
/// failure counts against its IP (<see cref="FailedAuthenticationLimiter"/>).
/// </summary>
public abstract class WebhookAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<WebhookOptions> webhooks,
    FailedAuthenticationLimiter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected WebhookOptions Webhooks => webhooks.Value;

    protected AuthenticateResult Authenticated() =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "elevenlabs")], Scheme.Name)), Scheme.Name));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure?.Message ?? "not authenticated";
        var client = Context.Connection.RemoteIpAddress ?? System.Net.IPAddress.None;
        failures.RecordFailure(client);
        Logger.LogWarning("Webhook {Path} from {Client} refused: {Reason}", Request.Path, client, reason);
        await Response.WriteErrorAsync(StatusCodes.Status401Unauthorized, new ErrorResponse("Unauthorized", reason));
    }
}
