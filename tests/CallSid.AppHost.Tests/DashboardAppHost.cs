using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallSid.AppHost.Tests;

/// <summary>The AppHost with the Aspire dashboard on (Aspire.Hosting.Testing turns it off by default).</summary>
public sealed class DashboardAppHost : AppHostFixture
{
    protected override bool DashboardEnabled => true;

    /// <summary>The login URL the AppHost prints: the dashboard's address and this run's browser token.</summary>
    public Uri LoginUrl
    {
        get
        {
            // Aspire.Hosting.Testing moves the dashboard to a free port: its resource knows where.
            var config = App.Services.GetRequiredService<IConfiguration>();
            App.ResourceNotifications.TryGetCurrentState("aspire-dashboard", out var dashboard);
            var address = dashboard!.Snapshot.Urls.First(u => u.Name == "http").Url;
            return new Uri(new Uri(address), $"/login?t={config["AppHost:BrowserToken"]}");
        }
    }
}
