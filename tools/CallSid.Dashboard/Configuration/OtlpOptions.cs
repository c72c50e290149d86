namespace CallSid.Dashboard.Configuration;

/// <summary><c>Dashboard:Otlp</c>: the OTLP/HTTP receiver's address and who may send to it.</summary>
public sealed class OtlpOptions
{
    /// <summary>Unset: <see cref="OtlpAuthMode.ApiKey"/> when <see cref="PrimaryApiKey"/> is set, else unsecured.</summary>
    public OtlpAuthMode? AuthMode { get; set; }

    /// <summary>Expected in header <c>x-otlp-api-key</c> (services send it through <c>OTEL_EXPORTER_OTLP_HEADERS</c>).</summary>
    public string? PrimaryApiKey { get; set; }

    /// <summary>From <c>DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c>.</summary>
    public string HttpEndpointUrl { get; set; } = "http://127.0.0.1:18890";

    /// <summary>Largest export body accepted, after decompression (a gzip bomb stops here too); 413 beyond.</summary>
    public int MaxRequestBodySize { get; set; } = 4 * 1024 * 1024;
}
