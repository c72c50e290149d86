using CallSid.Calls.Infrastructure.EntityConfigurations;
using CallSid.Conventions.Database;
using CallSid.Transcripts.Infrastructure.EntityConfigurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Data;

/// <summary>
/// The whole schema, composed from the two services' own entity configurations. Only the migration chain uses it.
/// </summary>
public sealed class MigrationDbContext(DbContextOptions<MigrationDbContext> options) : SchemaBoundDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfiguration(new CallEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new TranscriptHandoverEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new DialRequestEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new CallTranscriptionEntityTypeConfiguration());
    }

    /// <summary>What the chain's context needs beyond any CallSid context.</summary>
    public static void ConfigureMigrations(DbContextOptionsBuilder options, DatabaseOptions database)
    {
        options.ReplaceService<IMigrationsAssembly, SchemaMigrationsAssembly>();
        options.ConfigureWarnings(warnings =>
        {
            // The whole run (legacy adoption plus every step) is one transaction, so a refused step changes nothing.
            warnings.Ignore(RelationalEventId.MigrationsUserTransactionWarning);
            // The model snapshot is written for the default schema. In another schema the schema name is its only
            // difference, so EF's drift guard stays on for the default schema (and in the tests) only.
            if (database.Schema != DatabaseOptions.DefaultSchema)
            {
                warnings.Ignore(RelationalEventId.PendingModelChangesWarning);
            }
        });
    }

    public static MigrationDbContext Create(string connectionString, string schema = DatabaseOptions.DefaultSchema)
    {
        var database = new DatabaseOptions { Schema = schema };
        var options = new DbContextOptionsBuilder<MigrationDbContext>();
        options.UseCallSidNpgsql(connectionString, database);
        ConfigureMigrations(options, database);
        return new MigrationDbContext(options.Options);
    }
}
