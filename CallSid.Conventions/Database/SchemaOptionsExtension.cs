using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallSid.Conventions.Database;

/// <summary>
/// The schema a <see cref="SchemaBoundDbContext"/> maps to, carried in its options: a pooled context's one constructor
/// takes only its options. Set by <see cref="SchemaBoundDbContextExtensions.UseCallSidNpgsql"/>.
/// </summary>
public sealed class SchemaOptionsExtension(string schema) : IDbContextOptionsExtension
{
    public string Schema { get; } = schema;

    public DbContextOptionsExtensionInfo Info => field ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(SchemaOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"Schema={extension.Schema} ";

        // It adds no services, so it plays no part in choosing the internal service provider (models are cached by schema).
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["CallSid:Schema"] = extension.Schema;
    }
}
