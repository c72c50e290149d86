namespace CallSid.AppHost.LocalPostgres;

/// <summary>A database on a <see cref="LocalPostgresServerResource"/>, created when the server is first ready.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    public LocalPostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
