using CallSid.Dashboard.Configuration;
using CallSid.Dashboard.Pages;
using CallSid.Dashboard.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Apis;

/// <summary><c>GET /login?t=token</c> signs the browser in (cookie) and goes to the resources; without t, the login form.</summary>
public static class LoginApi
{
    public static IEndpointRouteBuilder MapLoginApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", LoginAsync).AllowAnonymous().WithName("Login");
        return app;
    }

    public static async Task<IResult> LoginAsync(string? t, HttpContext context, BrowserToken token, IOptions<DashboardOptions> options)
    {
        if (options.Value.Frontend.AuthMode == FrontendAuthMode.Unsecured)
        {
            return TypedResults.Redirect("/");
        }

        if (t is null)
        {
            return PageResults.Html(LoginPage.Render(problem: null));
        }

        if (!token.IsValid(t))
        {
            return PageResults.Html(LoginPage.Render("That token is not this dashboard's. Copy the login URL the dashboard printed at start."), StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(DashboardAuthentication.CookieScheme, DashboardAuthentication.BrowserUser(DashboardAuthentication.CookieScheme));
        return TypedResults.Redirect("/");
    }
}
