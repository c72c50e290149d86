using System.Reflection;
using CallSid.Conventions.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace CallSid.MigrationService.Data;

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
