namespace CallSid.Dashboard.Pages;

/// <summary>A page of the dashboard: its title, its place in the left nav, and the script that renders it.</summary>
public sealed record DashboardPage(string Title, string NavPath, string Script, string Icon)
{
    // Icons are 24x24 SVG path data, drawn for the dashboard.
    public static readonly DashboardPage Resources = new("Resources", "/", "resources.js", "M4 5h16v4H4zM4 10.5h16v4H4zM4 16h16v4H4z");
    public static readonly DashboardPage ConsoleLogs = new("Console", "/consolelogs", "consolelogs.js", "M3 4h18v16H3zM6 9l3 3-3 3M11 15h6");
    public static readonly DashboardPage StructuredLogs = new("Structured", "/structuredlogs", "structuredlogs.js", "M4 6h16M4 10h10M4 14h16M4 18h8");
    public static readonly DashboardPage Traces = new("Traces", "/traces", "traces.js", "M3 6h10M6 10h12M9 14h8M5 18h6");
    public static readonly DashboardPage TraceDetail = Traces with { Script = "tracedetail.js" };
    public static readonly DashboardPage Metrics = new("Metrics", "/metrics", "metrics.js", "M3 20h18M5 16l4-6 4 3 6-8");
    public static readonly DashboardPage Calls = new("Calls", "/calls", "calls.js", "M6 3l3 5-2 2c1 3 4 6 7 7l2-2 5 3-2 3C10 21 3 14 3 5z");
    public static readonly DashboardPage Webhooks = new("Webhooks", "/webhooks", "webhooks.js", "M4 20V10M9 20V4M14 20v-8M19 20v-5");

    public static readonly IReadOnlyList<DashboardPage> Nav = [Resources, ConsoleLogs, StructuredLogs, Traces, Metrics, Calls, Webhooks];
}
