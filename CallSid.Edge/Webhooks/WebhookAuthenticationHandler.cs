using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CallSid.Conventions.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallSid.Edge.Webhooks;

/// <summary>
/// What both webhook checks share: a caller that fails gets 401 in our JSON error shape, with the reason, and the
/// failure counts against its IP for this webhook (<see cref="FailedAuthenticationLimiter"/>); a caller that has
/// failed too often gets 429 with Retry-After.
/// </summary>
public abstract class WebhookAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<WebhookOptions> webhooks,
    FailedAuthenticationLimiter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private TimeSpan? _blockedFor;

    protected WebhookOptions Webhooks => webhooks.Value;

    private IPAddress Client => Context.Connection.RemoteIpAddress ?? IPAddress.None;

    protected AuthenticateResult Authenticated() =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "elevenlabs")], Scheme.Name)), Scheme.Name));

    /// <summary>True when the client has used up its failed authentications for this webhook.</summary>
    protected bool IsBlocked(out TimeSpan retryAfter) => failures.IsBlocked(Client, Scheme.Name, out retryAfter);

    protected AuthenticateResult Blocked(TimeSpan retryAfter)
    {
        _blockedFor = retryAfter;
        return AuthenticateResult.Fail("too many failed authentications");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (_blockedFor is { } retryAfter)
        {
            // Not logged one by one: a flood is what the limit is for, and the delivery meter counts the 429s.
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Response.WriteErrorAsync(
                StatusCodes.Status429TooManyRequests, new ErrorResponse("Too many failed authentications. Please retry later.", $"{Client} failed authentication too often"));
            return;
        }

        var reason = result.Failure?.Message ?? "not authenticated";
        failures.RecordFailure(Client, Scheme.Name);
        Logger.LogWarning("Webhook {Path} from {Client} refused: {Reason}", Request.Path, Client, reason);
        await Response.WriteErrorAsync(StatusCodes.Status401Unauthorized, new ErrorResponse("Unauthorized", reason));
    }
}
