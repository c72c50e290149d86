using CallSid.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Extensions;

/// <summary>
/// Once Kestrel has bound, says where the dashboard is. A token made for this run is printed in the login URL (the
/// only way to learn it, as with Aspire); a configured token is never printed, nor is the OTLP key.
/// </summary>
public sealed class LoginUrlAnnouncer(
    IHostApplicationLifetime lifetime, DashboardEndpoints endpoints, IOptions<DashboardOptions> options, ILogger<LoginUrlAnnouncer> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        var frontend = options.Value.Frontend;
        var ui = endpoints.FrontendUri.ToString().TrimEnd('/');
        logger.LogInformation("Dashboard UI at {FrontendUrl}; OTLP/HTTP at {OtlpUrl} ({OtlpAuth})", ui, endpoints.OtlpUri.ToString().TrimEnd('/'), options.Value.Otlp.AuthMode);
        if (frontend.AuthMode == FrontendAuthMode.BrowserToken && frontend.BrowserTokenGenerated)
        {
            logger.LogInformation("Login to the dashboard at {LoginUrl}", $"{ui}/login?t={frontend.BrowserToken}");
        }
    }
}
