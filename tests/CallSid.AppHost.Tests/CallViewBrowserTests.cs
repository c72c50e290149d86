using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;

namespace CallSid.AppHost.Tests;

/// <summary>The SRE's call view, in headless Chromium through the Aspire dashboard's login URL.</summary>
[Collection(DashboardCollection.Name)]
public sealed class CallViewBrowserTests(DashboardAppHost appHost) : IDisposable
{
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(90);

    private readonly ChromeDriver _browser = StartBrowser();

    [Fact]
    public async Task Looking_up_a_completed_call_shows_its_record_its_turns_and_a_trace_through_every_service()
    {
        var callSid = await appHost.PlaceCallAsync(501);
        await appHost.WaitForCallAsync(callSid, "completed");

        _browser.Navigate().GoToUrl(appHost.LoginUrl);
        var command = WaitFor(By.CssSelector("[aria-label^='Show one call']"));
        command.Click();
        var input = WaitFor(By.CssSelector("#interactions-input-dialog fluent-text-input"));
        input.Click();
        new Actions(_browser).SendKeys(callSid).Perform();
        WaitFor(By.XPath("//*[@id='interactions-input-dialog']//fluent-button[normalize-space(.)='Look up a call']")).Click();

        WaitForText("from the per-turn webhook");
        Screenshot("call-view-lookup.png");
        var page = _browser.FindElement(By.TagName("body")).Text;
        Assert.Contains("completed", page, StringComparison.Ordinal);
        Assert.Contains("conv_", page, StringComparison.Ordinal);
        var turns = _browser.FindElements(By.XPath("//ol/li[contains(., 'from the per-turn webhook')]"));
        Assert.Equal(4, turns.Count); // the emulator's four turns, in order
        Assert.StartsWith("agent at", turns[0].Text, StringComparison.Ordinal);

        var traces = WaitFor(By.LinkText("Traces of this call")).GetAttribute("href")!;
        _browser.Navigate().GoToUrl(traces);
        foreach (var part in new[] { "edge", "transcripts", "calls", "callsdb" })
        {
            WaitForText(part);
        }

        Screenshot("call-view-traces.png");

        // Unfiltered, the newest traces are calls' work: health probes and background polls leave none.
        _browser.Navigate().GoToUrl(new Uri(new Uri(traces), "/traces"));
        WaitForText("elevenlabs: POST");
        Assert.DoesNotContain("/health", _browser.FindElement(By.TagName("body")).Text, StringComparison.Ordinal);
    }

    public void Dispose() => _browser.Quit();

    private static ChromeDriver StartBrowser()
    {
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900");
        return new ChromeDriver(service, options, PageTimeout);
    }

    private IWebElement WaitFor(By by) => Until($"an element {by}", d => d.FindElements(by).FirstOrDefault(e => e.Displayed))!;

    private void WaitForText(string text) => Until($"the text '{text}'", d => d.FindElement(By.TagName("body")).Text.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits for the page (a Blazor app, redrawn as data arrives); on time-out keeps a screenshot and says what the page showed.</summary>
    private T? Until<T>(string what, Func<IWebDriver, T?> condition)
    {
        try
        {
            return new WebDriverWait(_browser, PageTimeout) { PollingInterval = TimeSpan.FromMilliseconds(200) }.Until(condition);
        }
        catch (WebDriverTimeoutException)
        {
            Screenshot("call-view-failure.png");
            throw new TimeoutException($"No {what} at {_browser.Url} within {PageTimeout}. The page showed:\n{_browser.FindElement(By.TagName("body")).Text}");
        }
    }

    /// <summary>Kept with the test results, for a person to look at.</summary>
    private void Screenshot(string name) =>
        _browser.GetScreenshot().SaveAsFile(Path.Combine(AppContext.BaseDirectory, name));
}
