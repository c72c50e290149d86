namespace CallSid.Dashboard.Configuration;

/// <summary><c>Dashboard:ResourceServiceClient</c>: the AppHost's resource service (resources, console logs, commands).</summary>
public sealed class ResourceServiceClientOptions
{
    /// <summary>From <c>DOTNET_RESOURCE_SERVICE_ENDPOINT_URL</c>; unset means standalone (resources derived from telemetry).</summary>
    public string? Url { get; set; }

    /// <summary>Sent as <c>x-resource-service-api-key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A request other than a stream gives up after this long (the AppHost is local: it answers fast or not at all).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between two attempts to reconnect the resource watch.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);
}
