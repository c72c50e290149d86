using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CallSid.Conventions.Database;

/// <summary>Two contexts of one type with different schemas must not share a cached model.</summary>
public sealed class SchemaModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => context is SchemaBoundDbContext bound
        ? (context.GetType(), bound.Schema, designTime)
        : (context.GetType(), designTime);
}
