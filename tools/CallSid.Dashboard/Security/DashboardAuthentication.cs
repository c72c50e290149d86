using System.Security.Claims;
using CallSid.Dashboard.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Security;

/// <summary>
/// Browser-token authentication, as Aspire's dashboard does it: <c>/login?t=token</c> sets an HttpOnly,
/// SameSite=Strict cookie; scripts may send <c>Authorization: Bearer token</c> instead. Without either, a page
/// redirects to the login page and the API answers 401 in the error shape. In Unsecured mode nothing is required.
/// </summary>
public static class DashboardAuthentication
{
    public const string Scheme = "Dashboard";
    public const string CookieScheme = "DashboardCookie";
    public const string BearerScheme = "DashboardBearer";
    public const string CookieName = ".CallSid.Dashboard";

    public static IServiceCollection AddDashboardAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<BrowserToken>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, null, policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? BearerScheme : CookieScheme)
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/login";
                cookie.ExpireTimeSpan = TimeSpan.FromDays(3);
                cookie.SlidingExpiration = true;
                cookie.Events.OnRedirectToLogin = context => IsApi(context.Request)
                    ? WriteUnauthorizedAsync(context.Response)
                    : RedirectAsync(context.Response, "/login");
                cookie.Events.OnRedirectToAccessDenied = context => WriteUnauthorizedAsync(context.Response);
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerScheme, null);

        // Keys live in memory: a cookie is good for this run only, like the token that earned it. Nothing then needs
        // the key ring on disk, so its start-up warm-up (which would create ~/.aspnet/DataProtection-Keys) is removed.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        foreach (var warmUp in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
        {
            services.Remove(warmUp);
        }

        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<DashboardOptions>>((authorization, dashboard) =>
        {
            if (dashboard.Value.Frontend.AuthMode == FrontendAuthMode.BrowserToken)
            {
                authorization.FallbackPolicy = new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build();
            }
        });
        return services;
    }

    public static ClaimsPrincipal BrowserUser(string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "dashboard-user")], scheme));

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    public static Task WriteUnauthorizedAsync(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        return response.WriteAsJsonAsync(new ErrorResponse(
            "Unauthorized", "Log in at /login?t=<browser token>, or send Authorization: Bearer <browser token>."), DashboardJson.Options);
    }

    private static Task RedirectAsync(HttpResponse response, string location)
    {
        response.Redirect(location);
        return Task.CompletedTask;
    }
}
