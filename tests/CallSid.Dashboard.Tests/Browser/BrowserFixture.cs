using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace CallSid.Dashboard.Tests.Browser;

/// <summary>
/// Headless Chromium (Debian's chromium and chromium-driver; Selenium Manager downloads nothing) looking at the
/// dashboard of a <see cref="SystemUnderWatch"/>, logged in with the login URL the dashboard printed.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private HeadlessChromium _browser = null!;

    public SystemUnderWatch System { get; private set; } = null!;

    public ChromeDriver Driver => _browser.Driver;

    public string ScreenshotDirectory => _browser.ScreenshotDirectory;

    public Uri Url(string path) => new(System.Dashboard.FrontendUri, path);

    public async ValueTask InitializeAsync()
    {
        _browser = new HeadlessChromium();
        System = await SystemUnderWatch.StartAsync();

        // Log in as a person would: the URL the dashboard printed at start.
        var printed = System.Dashboard.Logs.All.Single(line => line.Contains("Login to the dashboard at "));
        Driver.Navigate().GoToUrl(printed[(printed.IndexOf("http", StringComparison.Ordinal))..]);
        Wait().Until(driver => driver.Url.TrimEnd('/') == System.Dashboard.FrontendUri.ToString().TrimEnd('/'));
    }

    public WebDriverWait Wait(TimeSpan? timeout = null) => _browser.Wait(timeout);

    public string Screenshot(string name) => _browser.Screenshot(name);

    public async ValueTask DisposeAsync()
    {
        _browser?.Dispose();
        if (System is not null)
        {
            await System.DisposeAsync();
        }
    }
}
