namespace CallSid.Dashboard.Pages;

/// <summary>The small page a browser without the auth cookie lands on: a form to paste the browser token.</summary>
public static class LoginPage
{
    public static string Render(string? problem) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>Log in · CallSid dashboard</title><link rel=\"icon\" href=\"/assets/img/favicon.svg\" type=\"image/svg+xml\">" +
        "<link rel=\"stylesheet\" href=\"/assets/css/dashboard.css\"></head><body class=\"login-body\">" +
        "<form class=\"login\" method=\"get\" action=\"/login\"><h1><img src=\"/assets/img/favicon.svg\" alt=\"\"> CallSid dashboard</h1>" +
        "<p>Paste the browser token. The dashboard printed a login URL when it started " +
        "(<code>Login to the dashboard at …/login?t=…</code>); the token is the part after <code>t=</code>.</p>" +
        (problem is null ? string.Empty : $"<p class=\"error\" role=\"alert\">{PageShell.Encode(problem)}</p>") +
        "<label for=\"t\">Browser token</label><input id=\"t\" name=\"t\" type=\"password\" autocomplete=\"off\" autofocus required>" +
        "<button type=\"submit\">Log in</button></form></body></html>";
}
