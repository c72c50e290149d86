namespace CallSid.Dashboard.Configuration;

/// <summary>ApiKey: exports need <c>x-otlp-api-key</c>. Unsecured: any local process may export.</summary>
public enum OtlpAuthMode
{
    Unsecured,
    ApiKey,
}
