namespace CallSid.Dashboard.Extensions;

/// <summary>Which of the dashboard's two listeners a connection arrived on.</summary>
public enum DashboardEndpointKind
{
    /// <summary>The pages and the JSON API (<c>ASPNETCORE_URLS</c>).</summary>
    Frontend,

    /// <summary>The OTLP/HTTP receiver (<c>DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c>).</summary>
    Otlp,
}
