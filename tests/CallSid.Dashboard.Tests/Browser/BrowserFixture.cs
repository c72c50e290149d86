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
    private readonly string _profile = Directory.CreateTempSubdirectory("dashboard-chromium-").FullName;

    public SystemUnderWatch System { get; private set; } = null!;

    public ChromeDriver Driver { get; private set; } = null!;

    /// <summary>Where the screenshots go: DASHBOARD_SCREENSHOTS, else screenshots/ beside the test assembly.</summary>
    public string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOTS") is { Length: > 0 } directory ? directory : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public Uri Url(string path) => new(System.Dashboard.FrontendUri, path);

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists("/usr/bin/chromium") || !File.Exists("/usr/bin/chromedriver"))
        {
            throw new InvalidOperationException("The browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver");
        }

        System = await SystemUnderWatch.StartAsync();
        Directory.CreateDirectory(ScreenshotDirectory);

        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1440,900",
            $"--user-data-dir={_profile}");
        Driver = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromMinutes(1);

        // Log in as a person would: the URL the dashboard printed at start.
        var printed = System.Dashboard.Logs.All.Single(line => line.Contains("Login to the dashboard at "));
        Driver.Navigate().GoToUrl(printed[(printed.IndexOf("http", StringComparison.Ordinal))..]);
        Wait().Until(driver => driver.Url.TrimEnd('/') == System.Dashboard.FrontendUri.ToString().TrimEnd('/'));
    }

    public WebDriverWait Wait(TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(Driver, timeout ?? TimeSpan.FromSeconds(60)) { PollingInterval = TimeSpan.FromMilliseconds(100) };
        // The pages re-render as data arrives; an element found a moment ago may have been replaced.
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException), typeof(ElementClickInterceptedException));
        return wait;
    }

    public string Screenshot(string name)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        Driver?.Quit();
        Driver?.Dispose();
        if (System is not null)
        {
            await System.DisposeAsync();
        }

        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be letting go of its profile; it is a temp directory.
        }
    }
}
