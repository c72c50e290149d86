using OpenQA.Selenium;

namespace CallSid.Dashboard.Tests.Browser;

/// <summary>
/// A person at the dashboard, in headless Chromium: every page shows what it should, live, and stays within a
/// laptop's width. Each test saves a screenshot of its page.
/// </summary>
public sealed class DashboardPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private IWebDriver Driver => browser.Driver;

    [Fact]
    public void Resources_show_state_endpoints_and_masked_environment()
    {
        Open("/");
        browser.Wait().Until(d => d.FindElements(By.CssSelector("tr[data-resource]")).Count == 4);
        // Pages redraw live: what is read is read inside a wait, which reads again when an element was replaced.
        var transcripts = browser.Wait().Until(d => d.FindElement(By.CssSelector("tr[data-resource='transcripts-0']")).Text);
        Assert.Contains("Running", transcripts);
        Assert.Contains("Healthy", transcripts);
        Assert.Contains("http://127.0.0.1:5082", transcripts);
        Assert.Contains("1002", transcripts);

        browser.Wait().Until(d => { d.FindElement(By.CssSelector("tr[data-resource='transcripts-0'] td")).Click(); return true; });
        var details = browser.Wait().Until(d => d.FindElement(By.Id("resource-details")).Text is var text && text.Contains("ConnectionStrings__callsdb") ? text : null);
        Assert.Contains("••••••••", details);
        Assert.DoesNotContain("sk_would_leak", Driver.PageSource);
        AssertFitsWidth();
        browser.Screenshot("resources");
    }

    [Fact]
    public void Console_lines_appear_live_with_stderr_set_apart()
    {
        Open("/consolelogs/resource/calls");
        browser.Wait().Until(d => d.FindElements(By.CssSelector("#console .line")).Count >= 3);
        Assert.Single(Driver.FindElements(By.CssSelector("#console .line.stderr")));

        browser.System.AppHost.WriteConsole("calls", "stderr", "fail: a line written while the page was open");
        var live = browser.Wait().Until(d => d.FindElements(By.CssSelector("#console .line.stderr")).FirstOrDefault(l => l.Text.Contains("while the page was open")));
        Assert.NotNull(live);
        Assert.Equal("calls", browser.Wait().Until(d => d.FindElement(By.Id("resource-select")).GetDomProperty("value")));
        AssertFitsWidth();
        browser.Screenshot("console-logs");
    }

    [Fact]
    public void A_trace_opens_as_a_waterfall_of_nested_spans_from_two_resources()
    {
        Open("/traces");
        var row = browser.Wait().Until(d => d.FindElement(By.CssSelector($"tr[data-trace-id='{browser.System.TraceId}']")).Text);
        Assert.Contains("edge: POST /webhooks/elevenlabs/transcription", row);
        AssertFitsWidth();
        browser.Screenshot("traces");

        browser.Wait().Until(d => { d.FindElement(By.CssSelector($"tr[data-trace-id='{browser.System.TraceId}'] td")).Click(); return true; });
        browser.Wait().Until(d => d.FindElements(By.CssSelector("#waterfall .wf-row[data-span-id]")).Count == 4);
        var spans = browser.Wait().Until(d => d.FindElements(By.CssSelector("#waterfall .wf-row[data-span-id]"))
            .Select(s => (Depth: s.GetAttribute("data-depth"), Resource: s.GetAttribute("data-resource"))).ToList());
        Assert.Equal(["0", "1", "2", "2"], spans.Select(s => s.Depth));
        Assert.Equal(["edge", "transcripts-0"], spans.Select(s => s.Resource).Distinct());

        browser.Wait().Until(d => { d.FindElements(By.CssSelector("#waterfall .wf-row[data-span-id]"))[2].Click(); return true; });
        var details = browser.Wait().Until(d => d.FindElement(By.Id("span-details")) is var panel && panel.Text.Contains("GET /calls/{callSid}")
            ? Tuple.Create(panel.Text, panel.FindElements(By.CssSelector($"a[href='/calls/{Uri.EscapeDataString(SystemUnderWatch.CallSid)}']")).Count)
            : null);
        var (text, callLinks) = details;
        Assert.Contains("callsid.cache_hit", text);
        Assert.Contains("resolved", text);
        Assert.NotEqual(0, callLinks);
        AssertFitsWidth();
        browser.Screenshot("trace-waterfall");
    }

    [Fact]
    public void Structured_logs_filter_by_resource_and_level()
    {
        Open("/structuredlogs");
        browser.Wait().Until(d => d.FindElements(By.CssSelector("#logs tr[data-level]")).Count == 5);
        browser.Wait().Until(d => { d.FindElement(By.CssSelector("#resource-select option[value='calls']")).Click(); return true; });
        browser.Wait().Until(d => { d.FindElement(By.CssSelector("#level-select option[value='Warning']")).Click(); return true; });

        browser.Wait().Until(d =>
        {
            var rows = d.FindElements(By.CssSelector("#logs tr[data-level]"));
            return rows.Count == 2 && rows.All(r => r.GetAttribute("data-resource") == "calls");
        });
        var levels = browser.Wait().Until(d => d.FindElements(By.CssSelector("#logs tr[data-level]")).Select(r => r.GetAttribute("data-level")).ToList());
        Assert.Equal(["Error", "Warning"], levels);
        Assert.Contains("resource=calls", Driver.Url);

        browser.Wait().Until(d => { d.FindElement(By.CssSelector("#logs tr[data-level='Error'] td")).Click(); return true; });
        var details = browser.Wait().Until(d => d.FindElement(By.Id("log-details")));
        Assert.Contains("connection refused", details.Text);
        AssertFitsWidth();
        browser.Screenshot("structured-logs");
    }

    [Fact]
    public void The_metrics_page_charts_a_histogram_as_percentiles()
    {
        Open("/metrics/resource/transcripts-0");
        browser.Wait().Until(d => { d.FindElement(By.CssSelector("tr[data-instrument='http.server.request.duration'] td")).Click(); return true; });
        browser.Wait().Until(d => d.FindElements(By.CssSelector("#chart polyline.line, #chart circle")).Count >= 3);
        Assert.Contains("p50, p95, p99", browser.Wait().Until(d => d.FindElement(By.Id("chart-display")).Text));
        var legend = browser.Wait().Until(d => d.FindElement(By.Id("chart")).Text);
        Assert.Contains("p50", legend);
        Assert.Contains("p99", legend);
        Assert.Contains("instrument=http.server.request.duration", Driver.Url);

        // Wait for a few exports so the chart has a line to look at.
        browser.Wait().Until(d => d.FindElements(By.CssSelector("#chart polyline.line")).Count == 3);
        AssertFitsWidth();
        browser.Screenshot("metrics-histogram");
    }

    [Fact]
    public void Pressing_restart_reaches_the_resource_service()
    {
        Open("/");
        browser.Wait().Until(d => { d.FindElement(By.CssSelector("button[data-command='restart'][data-resource='calls']")).Click(); return true; });
        browser.Wait().Until(_ => browser.System.AppHost.Commands.Contains(("calls", "restart")));
        var row = browser.Wait().Until(d =>
        {
            var calls = d.FindElement(By.CssSelector("tr[data-resource='calls']"));
            return calls.Text.Contains("1002") || calls.FindElements(By.TagName("td"))[4].Text == "1" ? calls : null;
        });
        Assert.Equal("1", row.FindElements(By.TagName("td"))[4].Text);
        Assert.Contains("restart calls: restart calls accepted", browser.Wait().Until(d => d.FindElement(By.CssSelector(".toast"))).Text);
    }

    [Fact]
    public void The_call_view_shows_the_call_its_transcript_and_its_telemetry()
    {
        Open("/calls");
        var input = browser.Wait().Until(d => d.FindElement(By.Id("call-sid-input")));
        input.SendKeys(SystemUnderWatch.CallSid);
        input.Submit();

        browser.Wait().Until(d => d.FindElement(By.Id("call-record")).Text.Contains("completed"));
        Assert.Contains(Uri.EscapeDataString(SystemUnderWatch.CallSid), Driver.Url);
        var record = browser.Wait().Until(d => d.FindElement(By.Id("call-record")).Text);
        Assert.Contains(SystemUnderWatch.ConversationId, record);
        Assert.Contains("driver_id", record);
        browser.Wait().Until(d => d.FindElements(By.CssSelector("#transcript .turn")).Count == 4);
        Assert.Contains("The temperature was out of range.", browser.Wait().Until(d => d.FindElement(By.Id("transcript")).Text));
        browser.Wait().Until(d => d.FindElements(By.CssSelector($"#call-traces a[href='/traces/detail/{browser.System.TraceId}']")).Count == 1);
        browser.Wait().Until(d => d.FindElement(By.Id("call-logs")).Text.Contains("Stored turn 4"));
        AssertFitsWidth();
        browser.Screenshot("call-view");
    }

    [Fact]
    public void The_webhooks_panel_shows_deliveries_per_minute_by_outcome()
    {
        Open("/webhooks");
        var perTurn = browser.Wait().Until(d => d.FindElement(By.CssSelector("section[data-webhook='transcription']")).Text is var text && text.Contains("16 deliveries") ? text : null);
        Assert.Contains("201: 12", perTurn);
        Assert.Contains("401: 3", perTurn);
        Assert.Contains("503: 1", browser.Wait().Until(d => d.FindElement(By.CssSelector("section[data-webhook='post_call']")).Text));
        Assert.NotEmpty(Driver.FindElements(By.CssSelector("section[data-webhook='transcription'] rect[data-outcome='401']")));
        AssertFitsWidth();
        browser.Screenshot("webhooks");
    }

    [Fact]
    public void Pages_fit_a_1366_pixel_laptop_screen_without_sideways_scrolling()
    {
        Driver.Manage().Window.Size = new System.Drawing.Size(1366, 768);
        try
        {
            foreach (var path in new[] { "/", "/consolelogs/resource/calls", "/structuredlogs", "/traces", $"/traces/detail/{browser.System.TraceId}", "/metrics/resource/transcripts-0", $"/calls/{Uri.EscapeDataString(SystemUnderWatch.CallSid)}", "/webhooks" })
            {
                Open(path);
                browser.Wait().Until(d => ((IJavaScriptExecutor)d).ExecuteScript("return document.getElementById('status').textContent") is string s && s.StartsWith("Live"));
                AssertFitsWidth();
            }
        }
        finally
        {
            Driver.Manage().Window.Size = new System.Drawing.Size(1440, 900);
        }
    }

    private void Open(string path)
    {
        Driver.Navigate().GoToUrl(browser.Url(path));
        // A page is ready once its script has loaded data from the API at least once.
        browser.Wait().Until(d => d.FindElement(By.Id("status")).Text.StartsWith("Live", StringComparison.Ordinal));
    }

    private void AssertFitsWidth()
    {
        var scroll = Convert.ToInt64(((IJavaScriptExecutor)Driver).ExecuteScript("return document.documentElement.scrollWidth;"));
        var client = Convert.ToInt64(((IJavaScriptExecutor)Driver).ExecuteScript("return document.documentElement.clientWidth;"));
        Assert.True(scroll <= client, $"The page scrolls sideways: {scroll} px of content in a {client} px window ({Driver.Url}).");
    }
}
