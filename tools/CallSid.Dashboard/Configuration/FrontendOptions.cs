namespace CallSid.Dashboard.Configuration;

/// <summary><c>Dashboard:Frontend</c>: who may see the pages and the JSON API, and where they are served.</summary>
public sealed class FrontendOptions
{
    public FrontendAuthMode AuthMode { get; set; } = FrontendAuthMode.BrowserToken;

    /// <summary>When unset in <see cref="FrontendAuthMode.BrowserToken"/> mode, a fresh random token is made per run.</summary>
    public string? BrowserToken { get; set; }

    /// <summary>True when <see cref="BrowserToken"/> was made for this run (so the login URL is worth printing).</summary>
    public bool BrowserTokenGenerated { get; set; }

    /// <summary>From <c>ASPNETCORE_URLS</c>: the UI's address(es), separated by ';'.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:18888";
}
