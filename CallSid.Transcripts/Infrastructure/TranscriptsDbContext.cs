using CallSid.Conventions.Database;
using CallSid.Transcripts.Infrastructure.EntityConfigurations;
using CallSid.Transcripts.Model;
using Microsoft.EntityFrameworkCore;

namespace CallSid.Transcripts.Infrastructure;

/// <summary>The Transcripts service owns the <c>call_transcriptions</c> table.</summary>
public sealed class TranscriptsDbContext(DbContextOptions<TranscriptsDbContext> options) : SchemaBoundDbContext(options)
{
    public DbSet<CallTranscription> Transcriptions => Set<CallTranscription>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfiguration(new CallTranscriptionEntityTypeConfiguration());
    }
}
