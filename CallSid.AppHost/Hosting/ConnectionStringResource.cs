namespace CallSid.AppHost.Hosting;

/// <summary>A database the AppHost does not run: <c>ConnectionStrings:{name}</c> of the AppHost's own configuration.</summary>
public sealed class ConnectionStringResource(string name, string? connectionString) : DatabaseResource(name)
{
    public override string? ConnectionString { get; } = connectionString;

    internal override Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        State = ResourceState.Running;
        var target = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        Detail = $"external: {target.Host}:{target.Port}/{target.Database}";
        return Task.CompletedTask;
    }

    internal override Task StopAsync() => Task.CompletedTask;
}
