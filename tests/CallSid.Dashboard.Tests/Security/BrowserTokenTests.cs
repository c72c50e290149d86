using System.Net;
using System.Text.RegularExpressions;
using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Security;
using CallSid.Dashboard.Tests.Infrastructure;
using System.Net.Http.Json;

namespace CallSid.Dashboard.Tests.Security;

/// <summary>The UI and its API only with the browser token; the OTLP key and a configured token never printed.</summary>
public sealed partial class BrowserTokenTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_the_token_pages_redirect_to_login_and_the_api_answers_401_in_the_error_shape()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        using var browser = Browser(dashboard);

        using var page = await browser.GetAsync("/traces", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location?.OriginalString.Split('?')[0]);

        using var api = await browser.GetAsync("/api/telemetry/logs", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        var error = await api.Content.ReadFromJsonAsync<ErrorResponse>(DashboardJson.Options, Cancel);
        Assert.Equal(("error", "Unauthorized"), (error!.Status, error.Message));

        using var wrongBearer = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        wrongBearer.Headers.Authorization = new("Bearer", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(wrongBearer, Cancel)).StatusCode);

        using var login = await browser.GetAsync("/login", Cancel);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Browser token", await login.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task The_printed_login_url_sets_an_http_only_strict_cookie_that_opens_pages_and_api()
    {
        await using var dashboard = await DashboardServer.StartAsync();
        var loginLine = Assert.Single(dashboard.Logs.All, line => line.Contains("Login to the dashboard at "));
        var loginUrl = LoginUrl().Match(loginLine).Value;
        Assert.Equal($"{dashboard.FrontendUri.ToString().TrimEnd('/')}/login?t={dashboard.BrowserToken}", loginUrl);
        Assert.Matches("^[0-9a-f]{32}$", dashboard.BrowserToken);

        using var browser = Browser(dashboard);
        using var wrong = await browser.GetAsync("/login?t=0000", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        using var login = await browser.GetAsync(loginUrl, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(DashboardAuthentication.CookieName + "=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var page = await browser.GetAsync("/traces", Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/resources", Cancel)).StatusCode);

        // The cookie alone does not change state: a command also needs the anti-CSRF header, and a same-site Origin.
        using var forged = await browser.PostAsync("/api/resources/calls/commands/stop", null, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/resources/calls/commands/stop");
        crossSite.Headers.Add(SameOriginCommandFilter.HeaderName, "1");
        crossSite.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(crossSite, Cancel)).StatusCode);
    }

    [Fact]
    public async Task Keys_and_a_configured_token_are_never_logged()
    {
        await using var dashboard = await DashboardServer.StartAsync(new Dictionary<string, string?> { ["Dashboard:Frontend:BrowserToken"] = "configured-token-value" });
        using var browser = Browser(dashboard);
        await browser.GetAsync("/login?t=configured-token-value", Cancel);
        using var export = await dashboard.Otlp.SendAsync(
            OtlpRequests.Post("/v1/traces", OtlpRequests.Protobuf(OtlpRequests.Traces("calls", OtlpRequests.Span("x")))), Cancel);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);

        Assert.NotEmpty(dashboard.Logs.All);
        Assert.DoesNotContain(dashboard.Logs.All, line => line.Contains("configured-token-value") || line.Contains(DashboardServer.OtlpApiKey));
        Assert.DoesNotContain(dashboard.Logs.All, line => line.Contains("Login to the dashboard"));
    }

    [Fact]
    public async Task Unsecured_mode_needs_no_token()
    {
        await using var dashboard = await DashboardServer.StartAsync(new Dictionary<string, string?> { ["Dashboard:Frontend:AuthMode"] = "Unsecured" });
        using var browser = Browser(dashboard);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/resources", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/", Cancel)).StatusCode);
        var resources = await browser.GetFromJsonAsync<ResourcesResponse>("/api/resources", DashboardJson.Options, Cancel);
        Assert.Equal(("standalone", "no resource service: running standalone"), (resources!.Mode, resources.ResourceService.Message));
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as a test needs to see them.</summary>
    private static HttpClient Browser(DashboardServer dashboard) =>
        new(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = dashboard.FrontendUri };

    [GeneratedRegex(@"http://\S+/login\?t=\S+")]
    private static partial Regex LoginUrl();
}
