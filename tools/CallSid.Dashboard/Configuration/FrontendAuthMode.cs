namespace CallSid.Dashboard.Configuration;

/// <summary>BrowserToken: pages and API need the browser token (cookie or bearer). Unsecured: open to anyone who can reach the port.</summary>
public enum FrontendAuthMode
{
    BrowserToken,
    Unsecured,
}
