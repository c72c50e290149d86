namespace CallSid.AppHost.Publishing;

/// <summary>
/// One environment value of a published project, read from Aspire's model: a literal, or what an orchestrator fills
/// in itself (another service's address, a secret it holds, the database's connection string, each replica's
/// <c>service.instance.id</c>).
/// </summary>
public abstract record PublishedValue
{
    public sealed record Literal(string Value) : PublishedValue;

    public sealed record ServiceAddress(ProjectResource Service) : PublishedValue;

    public sealed record Secret(ParameterResource Parameter) : PublishedValue;

    public sealed record ConnectionString(IResourceWithConnectionString Database) : PublishedValue;

    public sealed record InstanceId : PublishedValue;
}
