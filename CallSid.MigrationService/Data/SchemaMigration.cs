using System.Reflection;
using CallSid.ServiceDefaults.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace CallSid.MigrationService.Data;

/// <summary>A migration that works in the configured schema (<c>Database:Schema</c>) rather than a hard-coded one.</summary>
public abstract class SchemaMigration : Migration
{
    public string Schema { get; internal set; } = DatabaseOptions.DefaultSchema;

    /// <summary>The schema-qualified, quoted name of <paramref name="table"/>, for raw SQL.</summary>
    protected string Table(string table) => $"{Quote(Schema)}.{Quote(table)}";

    private static string Quote(string identifier) => new Npgsql.NpgsqlCommandBuilder().QuoteIdentifier(identifier);
}

#pragma warning disable EF1001 // MigrationsAssembly is EF's internal type; creating migrations is the one hook for handing them the schema.
/// <summary>Hands each <see cref="SchemaMigration"/> the schema of the context that runs it.</summary>
public sealed class SchemaMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private readonly DbContext _context = currentContext.Context;

    public override Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = base.CreateMigration(migrationClass, activeProvider);
        if (migration is SchemaMigration schemaMigration && _context is SchemaBoundDbContext context)
        {
            schemaMigration.Schema = context.Schema;
        }

        return migration;
    }
}
#pragma warning restore EF1001
