using CallSid.Hosting.Postgres;

namespace CallSid.AppHost.Hosting;

/// <summary>A database on the local cluster, created when missing.</summary>
public sealed class PostgresDatabaseResource(string name, LocalPostgresResource server) : DatabaseResource(name)
{
    private string? _connectionString;

    /// <summary>The server the database lives on.</summary>
    public LocalPostgresResource Server { get; } = server;

    public override string? ConnectionString => _connectionString;

    internal override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        await Server.Server.CreateDatabaseAsync(Name, cancellationToken: cancellationToken);
        _connectionString = Server.Server.GetConnectionString(Name);
        State = ResourceState.Running;
        Detail = $"database {Name} on {Server.Name} (user {PostgresServer.Superuser}, password in {Server.Name}.password beside the data)";
    }

    internal override Task StopAsync() => Task.CompletedTask;
}
