namespace CallSid.Conventions.Http;

/// <summary>Where every service answers its orchestrator; named here so the OpenAPI document and telemetry filters agree.</summary>
public static class HealthEndpoints
{
    public const string Health = "/health";
    public const string Alive = "/alive";
}
