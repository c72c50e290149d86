namespace CallSid.AppHost.Hosting;

/// <summary>
/// What a setting is, for a publisher that writes it out instead of handing its value to a process: a literal
/// (configuration), a secret (a reference to the orchestrator's Secret, never its value), a database's connection
/// string, or something that exists only on this machine. A setting without one has a value known only while the
/// AppHost runs, and publishing it fails, naming it.
/// </summary>
public abstract record ManifestValue
{
    private ManifestValue()
    {
    }

    /// <summary>A value known when the graph is described: a ConfigMap entry, a compose environment entry. Null is not set.</summary>
    public sealed record Literal(string? Value) : ManifestValue;

    /// <summary>The value of <paramref name="Secret"/>, which the operator keeps in the orchestrator's secret store.</summary>
    public sealed record SecretReference(Secret Secret) : ManifestValue;

    /// <summary>The connection string of <paramref name="Database"/>: a Secret (an external database) or built from the database's container.</summary>
    public sealed record ConnectionString(DatabaseResource Database) : ManifestValue;

    /// <summary>
    /// The address of <paramref name="Service"/> (<c>services__{name}__http__0</c>): in an orchestrator one name for all
    /// its replicas (a Kubernetes Service, a compose service), which spreads connections over them.
    /// </summary>
    public sealed record ServiceAddress(ProjectResource Service) : ManifestValue;

    /// <summary>This replica's identity in telemetry (<c>service.instance.id</c>): the pod's name in Kubernetes.</summary>
    public sealed record InstanceId : ManifestValue;

    /// <summary>Meaningful only on this machine (the local telemetry endpoint and its key): not published.</summary>
    public sealed record LocalOnly : ManifestValue;

    /// <summary>Must not be published as it stands (a secret from a configuration section): publishing stops, saying <paramref name="Reason"/>.</summary>
    public sealed record Refused(string Reason) : ManifestValue;
}
