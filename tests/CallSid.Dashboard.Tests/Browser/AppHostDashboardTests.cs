using System.Text.RegularExpressions;
using CallSid.Testing;
using OpenQA.Selenium;

namespace CallSid.Dashboard.Tests.Browser;

/// <summary>
/// The whole system as a developer starts it (<c>dotnet run --project CallSid.AppHost</c>), watched through the dashboard
/// the AppHost starts, in a real browser: log in with the printed URL, see every resource healthy, follow a call's
/// per-turn webhook trace, filter logs, restart a service from the Resources page, chart a histogram, open the call.
/// </summary>
public sealed partial class AppHostDashboardTests : IDisposable
{
    private readonly LocalAppHost _appHost = new();
    private readonly HeadlessChromium _browser = new();

    private IWebDriver Driver => _browser.Driver;

    [Fact]
    public async Task An_SRE_follows_a_call_through_the_dashboard_and_restarts_a_service_from_it()
    {
        await using var host = await _appHost.StartReadyAsync();
        var login = LoginLine().Match(host.Output);
        Assert.True(login.Success, "the AppHost printed no 'Dashboard: http://127.0.0.1:.../login?t=...' line");
        var dashboard = new Uri(login.Groups["url"].Value);

        // Logged in with the printed URL: the Resources page, every resource healthy (the database exists, the migrations finished).
        Driver.Navigate().GoToUrl(login.Value["Dashboard: ".Length..]);
        _browser.Wait().Until(d => d.Url.TrimEnd('/') == dashboard.GetLeftPart(UriPartial.Authority));
        string[] resources = ["postgres", "callsdb", "migrations", "calls", "transcripts", "edge", "elevenlabs"];
        _browser.Wait(TimeSpan.FromSeconds(90)).Until(_ => resources.All(name => IsUp(Row(name))));
        // The page redraws live, so rows are read inside a wait (which reads them again when one was replaced).
        var shown = _browser.Wait().Until(d => d.FindElements(By.CssSelector("tr[data-resource]")) is { Count: > 0 } rows
            ? rows.Select(row => row.GetAttribute("data-resource")).ToList()
            : null);
        Assert.DoesNotContain("dashboard", shown);
        _browser.Screenshot("apphost-resources");

        // A call; the emulator plays it back through the edge, one trace per turn.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var callSid = await _appHost.PlaceCallAsync(http, 700);
        await LocalAppHost.WaitForCallAsync(http, _appHost.Calls, callSid, "completed");

        // Its first turn's trace, found by the call_sid: the edge, Transcripts, the call_sid lookup in Calls, the database.
        Driver.Navigate().GoToUrl(new Uri(dashboard, "/traces").ToString());
        _browser.Wait().Until(d => d.FindElement(By.Id("trace-search"))).SendKeys(callSid);
        var candidates = _browser.Wait(TimeSpan.FromSeconds(60)).Until(d =>
        {
            var ids = d.FindElements(By.CssSelector("tr[data-trace-id]"))
                .Where(row => new[] { "edge", "transcripts", "calls" }.All(row.Text.Contains))
                .Select(row => row.GetAttribute("data-trace-id")!)
                .ToList();
            return ids.Count >= 2 ? ids : null; // the first turn's and the post-call event's
        });
        _browser.Screenshot("apphost-traces");
        string? traceId = null;
        foreach (var candidate in candidates!)
        {
            Driver.Navigate().GoToUrl(new Uri(dashboard, $"/traces/detail/{candidate}").ToString());
            var names = _browser.Wait().Until(d => d.FindElements(By.CssSelector("#waterfall .wf-row[data-span-id]")) is { Count: >= 2 } rows
                ? rows.Select(span => span.Text).ToList()
                : null);
            if (names!.Any(name => name.Contains("POST /webhooks/elevenlabs/transcription")))
            {
                traceId = candidate;
                break;
            }
        }

        Assert.NotNull(traceId);
        var spans = _browser.Wait().Until(d => d.FindElements(By.CssSelector("#waterfall .wf-row[data-span-id]"))
            .Select(span => (Resource: span.GetAttribute("data-resource"), span.Text)).ToList());
        Assert.True(spans.Count >= 5, $"{spans.Count} spans");
        Assert.Superset(new HashSet<string?> { "edge", "transcripts", "calls" }, spans.Select(span => span.Resource).ToHashSet());
        Assert.Contains(spans, span => span.Text.Contains("postgresql"));
        Assert.Contains(spans, span => span.Text.Contains("resolve call_sid"));
        _browser.Screenshot("apphost-trace-waterfall");

        // Structured logs of one resource from Information up.
        Driver.Navigate().GoToUrl(new Uri(dashboard, "/structuredlogs").ToString());
        _browser.Wait().Until(d => { d.FindElement(By.CssSelector("#resource-select option[value='transcripts']")).Click(); return true; });
        _browser.Wait().Until(d => { d.FindElement(By.CssSelector("#level-select option[value='Information']")).Click(); return true; });
        _browser.Wait().Until(d =>
        {
            var rows = d.FindElements(By.CssSelector("#logs tr[data-level]"));
            return rows.Count > 0 && rows.All(row => row.Text.Contains("transcripts") && row.GetAttribute("data-level") is "Information" or "Warning" or "Error" or "Critical");
        });
        _browser.Screenshot("apphost-structured-logs");

        // Console lines, as the AppHost printed them.
        Driver.Navigate().GoToUrl(new Uri(dashboard, "/consolelogs/resource/calls").ToString());
        _browser.Wait().Until(d => d.FindElements(By.CssSelector("#console .line")).Any(line => line.Text.Contains(callSid)));
        _browser.Screenshot("apphost-console-logs");

        // Restart Transcripts from the Resources page: its restart count goes up, and it is healthy again.
        Driver.Navigate().GoToUrl(new Uri(dashboard, "/").ToString());
        var pid = _browser.Wait().Until(_ => Cell(Row("transcripts"), 7) is { Length: > 0 } text ? text : null);
        _browser.Wait().Until(d => { d.FindElement(By.CssSelector("button[data-command='restart'][data-resource='transcripts']")).Click(); return true; });
        _browser.Wait(TimeSpan.FromSeconds(120)).Until(_ => Cell(Row("transcripts"), 5) == "1" && IsUp(Row("transcripts")) && Cell(Row("transcripts"), 7) != pid);
        Assert.Contains("transcripts: restart requested from the dashboard", host.Output);

        // A histogram over time: the edge's request durations as p50, p95, p99.
        Driver.Navigate().GoToUrl(new Uri(dashboard, "/metrics/resource/edge").ToString());
        _browser.Wait(TimeSpan.FromSeconds(60)).Until(d => { d.FindElement(By.CssSelector("tr[data-instrument='http.server.request.duration'] td")).Click(); return true; });
        _browser.Wait(TimeSpan.FromSeconds(60)).Until(d => d.FindElements(By.CssSelector("#chart polyline.line, #chart circle")).Count >= 3);
        Assert.Contains("p50, p95, p99", _browser.Wait().Until(d => d.FindElement(By.Id("chart-display")).Text));
        _browser.Screenshot("apphost-metrics-histogram");

        // The call itself: its record from Calls, its transcript from Transcripts, and the traces that touched it.
        Driver.Navigate().GoToUrl(new Uri(dashboard, $"/calls/{Uri.EscapeDataString(callSid)}").ToString());
        _browser.Wait().Until(d => d.FindElement(By.Id("call-record")).Text.Contains("completed"));
        _browser.Wait().Until(d => d.FindElements(By.CssSelector("#transcript .turn")).Count == 4);
        _browser.Wait().Until(d => d.FindElements(By.CssSelector($"#call-traces a[href='/traces/detail/{traceId}']")).Count == 1);
        _browser.Screenshot("apphost-call-view");

        // Deliveries per minute by outcome, as ElevenLabs' turns and post-call event arrived.
        Driver.Navigate().GoToUrl(new Uri(dashboard, "/webhooks").ToString());
        _browser.Wait(TimeSpan.FromSeconds(60)).Until(d => d.FindElement(By.CssSelector("section[data-webhook='transcription']")).Text.Contains("201:"));
        _browser.Screenshot("apphost-webhooks");

        Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(60)));
    }

    public void Dispose()
    {
        _browser.Dispose();
        _appHost.Dispose();
    }

    private IWebElement Row(string resource) => Driver.FindElement(By.CssSelector($"tr[data-resource='{resource}']"));

    /// <summary>The text of the row's <paramref name="column"/>th cell (1-based: name, type, state, started, restarts, endpoints, PID).</summary>
    private static string Cell(IWebElement row, int column) => row.FindElement(By.CssSelector($"td:nth-child({column})")).Text.Trim();

    /// <summary>Healthy, or (for what has no health check) running or finished.</summary>
    private static bool IsUp(IWebElement row)
    {
        var state = Cell(row, 3);
        return state.Contains("Healthy") || (Cell(row, 2) == "Database" && state.Contains("Running")) || state.Contains("Finished");
    }

    [GeneratedRegex(@"Dashboard: (?<url>http://127\.0\.0\.1:\d+)/login\?t=[0-9a-f]+")]
    private static partial Regex LoginLine();
}
