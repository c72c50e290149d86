using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace CallSid.ServiceDefaults.Database;

public static class NpgsqlDbContextExtensions
{
    /// <summary>The connection string name every service reads (<c>ConnectionStrings__callsdb</c>).</summary>
    public const string ConnectionName = "callsdb";

    /// <summary>
    /// Registers <typeparamref name="TContext"/> on PostgreSQL the way Aspire's Npgsql EF Core component does:
    /// connection string from <c>ConnectionStrings:callsdb</c>, retries on transient failures, a readiness
    /// health check, and the schema from <c>Database:Schema</c>. (That component is not on our package feed.)
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDbContext<TContext>(
        this IHostApplicationBuilder builder,
        Action<NpgsqlDbContextOptionsBuilder>? configureNpgsql = null,
        Action<DbContextOptionsBuilder, DatabaseOptions>? configureOptions = null)
        where TContext : SchemaBoundDbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is not set. Set the environment variable ConnectionStrings__{ConnectionName} " +
                "(the AppHost does this for you).");
        }

        builder.Services.AddDatabaseOptions();
        builder.Services.AddDbContext<TContext>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            options.UseCallSidNpgsql(connectionString, database, configureNpgsql);
            configureOptions?.Invoke(options, database);
        });

        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("database", tags: ["ready"]);
        return builder;
    }

    public static IServiceCollection AddDatabaseOptions(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    /// <summary>The one place that says how a CallSid context talks to PostgreSQL; tests use it too.</summary>
    public static DbContextOptionsBuilder UseCallSidNpgsql(
        this DbContextOptionsBuilder options,
        string connectionString,
        DatabaseOptions database,
        Action<NpgsqlDbContextOptionsBuilder>? configureNpgsql = null)
    {
        options.UseNpgsql(connectionString, npgsql =>
        {
            npgsql.EnableRetryOnFailure(database.MaxRetryCount, database.MaxRetryDelay, errorCodesToAdd: null);
            npgsql.MigrationsHistoryTable("__EFMigrationsHistory", database.Schema);
            configureNpgsql?.Invoke(npgsql);
        });
        options.ReplaceService<IModelCacheKeyFactory, SchemaModelCacheKeyFactory>();
        return options;
    }
}
