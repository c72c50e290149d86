using CallSid.Conventions.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallSid.ServiceDefaults.Tests;

/// <summary>
/// Contexts come from a pool (building one per request was a third of Transcripts' CPU per turn), and a pooled context,
/// whose only constructor takes its options, still maps to the schema in <c>Database:Schema</c>.
/// </summary>
public sealed class PooledContextTests
{
    [Fact]
    public void A_context_is_reused_across_requests_and_keeps_the_configured_schema()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:callsdb"] = "Host=db;Username=u;Password=p",
            ["Database:Schema"] = "tenant_a",
        });
        builder.AddSchemaBoundDbContext<ProbeDbContext>("callsdb");
        using var host = builder.Build();

        ProbeDbContext first;
        using (var request = host.Services.CreateScope())
        {
            first = request.ServiceProvider.GetRequiredService<ProbeDbContext>();
            Assert.Equal("tenant_a", first.Schema);
            Assert.StartsWith("\"tenant_a\".", first.QuotedTableName<Probe>());
        }

        using (var next = host.Services.CreateScope())
        {
            Assert.Same(first, next.ServiceProvider.GetRequiredService<ProbeDbContext>());
        }
    }

    [Fact]
    public void A_context_configured_without_UseCallSidNpgsql_says_so()
    {
        var options = new DbContextOptionsBuilder<ProbeDbContext>().UseNpgsql("Host=db;Username=u;Password=p").Options;

        var error = Assert.Throws<InvalidOperationException>(() => new ProbeDbContext(options));

        Assert.Contains("UseCallSidNpgsql", error.Message);
    }

    public sealed class Probe
    {
        public int Id { get; set; }
    }

    public sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : SchemaBoundDbContext(options)
    {
        public DbSet<Probe> Probes => Set<Probe>();
    }
}
