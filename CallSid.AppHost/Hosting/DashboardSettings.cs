namespace CallSid.AppHost.Hosting;

/// <summary>Where the dashboard listens and the keys of this run: the browser's login token, the OTLP key, the resource service's key.</summary>
public sealed record DashboardSettings(Uri Url, Uri OtlpUrl, string BrowserToken, string OtlpApiKey, string ResourceServiceApiKey)
{
    /// <summary>The line a developer clicks: logs the browser in with this run's token.</summary>
    public string LoginUrl => $"{Url.ToString().TrimEnd('/')}/login?t={BrowserToken}";
}
