using Microsoft.EntityFrameworkCore;

namespace CallSid.Conventions.Database;

/// <summary>
/// A DbContext whose tables live in the schema named by <see cref="DatabaseOptions.Schema"/>.
/// The schema is part of the model, so the model cache is keyed by it (see <see cref="SchemaModelCacheKeyFactory"/>),
/// and comes with the options (<see cref="SchemaOptionsExtension"/>), so contexts can be pooled.
/// </summary>
public abstract class SchemaBoundDbContext(DbContextOptions options) : DbContext(options)
{
    public string Schema { get; } = options.FindExtension<SchemaOptionsExtension>()?.Schema
        ?? throw new InvalidOperationException("A CallSid context is configured with UseCallSidNpgsql, which names its schema.");

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(Schema);

    /// <summary>The quoted, schema-qualified table of <typeparamref name="TEntity"/>, for the few statements EF Core cannot express.</summary>
    public string QuotedTableName<TEntity>()
    {
        var entity = Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped by {GetType().Name}.");
        return $"{Quote(entity.GetSchema() ?? Schema)}.{Quote(entity.GetTableName()!)}";
    }

    private static string Quote(string identifier) => new Npgsql.NpgsqlCommandBuilder().QuoteIdentifier(identifier);
}
