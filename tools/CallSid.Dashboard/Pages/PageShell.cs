using System.Net;
using System.Text;

namespace CallSid.Dashboard.Pages;

/// <summary>
/// The HTML every page shares: the left nav, a header, and an empty main area that the page's script fills from the
/// JSON API. Route values reach the script as data- attributes (HTML-encoded), never as inline script.
/// </summary>
public static class PageShell
{
    public static string Render(DashboardPage page, IReadOnlyList<(string Name, string Value)> data)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(page.Title)).Append(" · CallSid dashboard</title>")
            .Append("<link rel=\"icon\" href=\"/assets/img/favicon.svg\" type=\"image/svg+xml\">")
            .Append("<link rel=\"stylesheet\" href=\"/assets/css/dashboard.css\"></head><body>")
            .Append("<nav class=\"nav\" aria-label=\"Pages\"><a class=\"brand\" href=\"/\"><img src=\"/assets/img/favicon.svg\" alt=\"\">CallSid</a>");
        foreach (var item in DashboardPage.Nav)
        {
            var active = item.NavPath == page.NavPath ? " active" : string.Empty;
            html.Append("<a class=\"nav-item").Append(active).Append("\" href=\"").Append(item.NavPath).Append("\" data-nav=\"").Append(Encode(item.Title)).Append("\">")
                .Append("<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\"><path d=\"").Append(item.Icon).Append("\"/></svg><span>")
                .Append(Encode(item.Title)).Append("</span></a>");
        }

        html.Append("</nav><div class=\"page\"><header class=\"header\"><h1 id=\"page-title\">").Append(Encode(page.Title)).Append("</h1>")
            .Append("<div id=\"status\" class=\"status\" role=\"status\"></div></header><main id=\"app\" class=\"main\"");
        foreach (var (name, value) in data)
        {
            html.Append(" data-").Append(name).Append("=\"").Append(Encode(value)).Append('"');
        }

        html.Append("></main></div>")
            .Append("<script src=\"/assets/js/common.js\"></script><script src=\"/assets/js/chart.js\"></script>")
            .Append("<script src=\"/assets/js/").Append(page.Script).Append("\"></script></body></html>");
        return html.ToString();
    }

    public static string Encode(string value) => WebUtility.HtmlEncode(value);
}
