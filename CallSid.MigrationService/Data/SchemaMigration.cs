using CallSid.Conventions.Database;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Data;

/// <summary>A migration that works in the configured schema (<c>Database:Schema</c>) rather than a hard-coded one.</summary>
public abstract class SchemaMigration : Migration
{
    public string Schema { get; internal set; } = DatabaseOptions.DefaultSchema;

    /// <summary>The schema-qualified, quoted name of <paramref name="table"/>, for raw SQL.</summary>
    protected string Table(string table) => $"{Quote(Schema)}.{Quote(table)}";

    private static string Quote(string identifier) => new Npgsql.NpgsqlCommandBuilder().QuoteIdentifier(identifier);
}
