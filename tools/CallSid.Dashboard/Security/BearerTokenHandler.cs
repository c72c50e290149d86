using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Security;

/// <summary><c>Authorization: Bearer &lt;browser token&gt;</c>, for scripts reading the JSON API.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BrowserToken browserToken)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(browserToken.IsValid(header["Bearer ".Length..].Trim())
            ? AuthenticateResult.Success(new AuthenticationTicket(DashboardAuthentication.BrowserUser(Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail("The bearer token is not the browser token."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        DashboardAuthentication.WriteUnauthorizedAsync(Response);
}
