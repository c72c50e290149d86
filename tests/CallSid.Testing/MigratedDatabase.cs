using Xunit;

namespace CallSid.Testing;

/// <summary>Each test class that takes this gets its own database with the full schema.</summary>
public sealed class MigratedDatabase(PostgresClusterFixture cluster) : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync() => ConnectionString = await cluster.CreateMigratedDatabaseAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
