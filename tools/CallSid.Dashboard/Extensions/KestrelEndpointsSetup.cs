using CallSid.Dashboard.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Extensions;

/// <summary>
/// Two listeners, as Aspire's dashboard has: the UI on <c>ASPNETCORE_URLS</c> and OTLP/HTTP on
/// <c>DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c>. Each connection is tagged with its listener's kind.
/// </summary>
public sealed class KestrelEndpointsSetup(IOptions<DashboardOptions> options, DashboardEndpoints endpoints) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var dashboard = options.Value;
        foreach (var url in dashboard.Frontend.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Listen(kestrel, url, DashboardEndpointKind.Frontend);
        }

        Listen(kestrel, dashboard.Otlp.HttpEndpointUrl, DashboardEndpointKind.Otlp);
    }

    private void Listen(KestrelServerOptions kestrel, string url, DashboardEndpointKind kind)
    {
        if (!ListenAddress.TryParse(url, out var address))
        {
            throw new InvalidOperationException($"Cannot listen on '{url}'."); // the options validator said why already
        }

        var feature = new DashboardEndpointFeature(kind);
        kestrel.Listen(address.Address, address.Port, listener =>
        {
            listener.Protocols = HttpProtocols.Http1; // no TLS here, so no HTTP/2 (h2c) either
            listener.Use(next => connection =>
            {
                connection.Features.Set(feature);
                return next(connection);
            });
            endpoints.Add(kind, listener);
        });
    }
}
