namespace CallSid.AppHost.Publishing;

/// <summary>
/// One environment value of a published project, read from Aspire's model: a literal, or what an orchestrator fills
/// in itself (another service's address, a secret it holds, the database's connection string, the pod's name).
/// </summary>
public abstract record PublishedValue
{
    private PublishedValue()
    {
    }

    public sealed record Literal(string Value) : PublishedValue;

    /// <summary>Where the project reaches <paramref name="Service"/> (one name for all its replicas).</summary>
    public sealed record ServiceAddress(ProjectResource Service) : PublishedValue;

    /// <summary>A secret parameter: a reference to the orchestrator's secret, never its value.</summary>
    public sealed record Secret(ParameterResource Parameter) : PublishedValue;

    /// <summary>A database's connection string: Aspire's PostgreSQL database, or an external one (AddConnectionString).</summary>
    public sealed record ConnectionString(IResourceWithConnectionString Database) : PublishedValue;

    /// <summary><c>service.instance.id</c> of each replica, which only the orchestrator knows.</summary>
    public sealed record InstanceId : PublishedValue;
}
