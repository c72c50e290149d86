using CallSid.Conventions.Database;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallSid.ServiceDefaults.Tests;

/// <summary>
/// The connect timeout is what bounds a request against a database that accepts no connections (Npgsql ignores
/// cancellation while connecting), so our short default must apply unless the connection string sets its own.
/// </summary>
public sealed class DatabaseConnectTimeoutTests
{
    [Theory]
    [InlineData("Host=db;Username=u;Password=p", 1)]
    [InlineData("Host=db;Username=u;Password=p;Command Timeout=30", 1)]
    [InlineData("Host=db;Username=u;Password=no-timeout-here", 1)]
    [InlineData("Host=db;Username=u;Password=p;Timeout=7", 7)]
    [InlineData("Host=db;Username=u;Password=p;timeout = 9", 9)]
    public void The_short_connect_timeout_applies_unless_the_connection_string_sets_one(string connectionString, int expectedSeconds)
    {
        var options = new DbContextOptionsBuilder().UseCallSidNpgsql(connectionString, new DatabaseOptions { ConnectTimeout = TimeSpan.FromSeconds(1) });

        using var context = new DbContext(options.Options);
        var used = context.Database.GetConnectionString()!;

        Assert.Equal(expectedSeconds, new NpgsqlConnectionStringBuilder(used).Timeout);
    }
}
