using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace CallSid.Dashboard.Tests.Browser;

/// <summary>
/// Headless Chromium from Debian's chromium and chromium-driver (Selenium Manager downloads nothing), at a laptop's
/// window size, with a throwaway profile; waits that tolerate pages re-rendering, and screenshots with the test results.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private readonly string _profile = Directory.CreateTempSubdirectory("dashboard-chromium-").FullName;

    public HeadlessChromium()
    {
        if (!File.Exists("/usr/bin/chromium") || !File.Exists("/usr/bin/chromedriver"))
        {
            throw new InvalidOperationException("The browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver");
        }

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
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where the screenshots go: DASHBOARD_SCREENSHOTS, else screenshots/ beside the test assembly.</summary>
    public string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOTS") is { Length: > 0 } directory ? directory : Path.Combine(AppContext.BaseDirectory, "screenshots");

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

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
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
