using CallSid.Hosting.Postgres;

namespace CallSid.AppHost.Hosting;

/// <summary>A database on the local cluster, created when missing.</summary>
public sealed class PostgresDatabaseResource(string name, LocalPostgresResource server) : DatabaseResource(name)
{
    private string? _connectionString;

    public override string? ConnectionString => _connectionString;

    internal override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        await server.Server.CreateDatabaseAsync(Name, cancellationToken: cancellationToken);
        _connectionString = server.Server.GetConnectionString(Name);
        State = ResourceState.Running;
        Detail = $"database {Name} on {server.Name} (user {PostgresServer.Superuser}, password in {server.Name}.password beside the data)";
    }

    internal override Task StopAsync() => Task.CompletedTask;
}
