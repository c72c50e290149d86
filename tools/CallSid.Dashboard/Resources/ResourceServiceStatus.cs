namespace CallSid.Dashboard.Resources;

/// <summary>How the dashboard stands with the resource service.</summary>
public enum ResourceServiceStatus
{
    /// <summary>No <c>DOTNET_RESOURCE_SERVICE_ENDPOINT_URL</c>: resources come from telemetry.</summary>
    Standalone,
    Connecting,
    Connected,

    /// <summary>The watch failed or ended; it is retried with backoff, and the last known resources stay shown.</summary>
    Unavailable,
}
