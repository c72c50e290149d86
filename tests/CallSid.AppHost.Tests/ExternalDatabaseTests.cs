using Aspire.Hosting.ApplicationModel;
using CallSid.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CallSid.AppHost.Tests;

/// <summary><c>ConnectionStrings__callsdb</c> set: that database is migrated and used, and no PostgreSQL is started.</summary>
public sealed class ExternalDatabaseTests(PostgresClusterFixture cluster)
{
    [Fact]
    public async Task With_a_connection_string_the_AppHost_migrates_and_uses_that_database_and_starts_none()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        await using var appHost = new ExternalDatabaseAppHost(connectionString);
        await appHost.InitializeAsync();

        var model = appHost.App.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.DoesNotContain(model.Resources, r => r.Name == "postgres");
        var callSid = await appHost.PlaceCallAsync(301);
        await appHost.WaitForCallAsync(callSid, "completed");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM dev.calls WHERE call_sid = $1", connection) { Parameters = { new() { Value = callSid } } };
        Assert.Equal(1L, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    private sealed class ExternalDatabaseAppHost(string connectionString) : AppHostFixture
    {
        protected override IEnumerable<string> Settings => [$"ConnectionStrings:callsdb={connectionString}"];
    }
}
