using CallSid.Calls.Infrastructure.EntityConfigurations;
using CallSid.Calls.Model;
using CallSid.Conventions.Database;
using Microsoft.EntityFrameworkCore;

namespace CallSid.Calls.Infrastructure;

/// <summary>The Calls service owns the <c>calls</c> table, its <c>transcript_handovers</c> outbox and its <c>dial_requests</c> queue; nothing else writes them.</summary>
public sealed class CallsDbContext(DbContextOptions<CallsDbContext> options) : SchemaBoundDbContext(options)
{
    public DbSet<Call> Calls => Set<Call>();

    public DbSet<TranscriptHandover> TranscriptHandovers => Set<TranscriptHandover>();

    public DbSet<DialRequest> DialRequests => Set<DialRequest>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfiguration(new CallEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new TranscriptHandoverEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new DialRequestEntityTypeConfiguration());
    }
}
