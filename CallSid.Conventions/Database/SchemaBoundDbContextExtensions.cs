using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace CallSid.Conventions.Database;

public static class SchemaBoundDbContextExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> on PostgreSQL from <c>ConnectionStrings:{connectionName}</c>, bound to the
    /// schema in <c>Database:Schema</c>, then lets Aspire's <c>EnrichNpgsqlDbContext</c> add its health check and telemetry.
    /// Contexts are pooled, as <c>AddNpgsqlDbContext</c> does (a context's set-up was a third of Transcripts' CPU per turn).
    /// Not <c>AddNpgsqlDbContext</c> itself: the options come from <see cref="DatabaseOptions"/>, bound and validated.
    /// </summary>
    public static IHostApplicationBuilder AddSchemaBoundDbContext<TContext>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<NpgsqlDbContextOptionsBuilder>? configureNpgsql = null,
        Action<DbContextOptionsBuilder, DatabaseOptions>? configureOptions = null)
        where TContext : SchemaBoundDbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Set the environment variable ConnectionStrings__{connectionName} " +
                "(the AppHost does this for you).");
        }

        builder.Services.AddDatabaseOptions();
        builder.Services.AddDbContextPool<TContext>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            options.UseCallSidNpgsql(connectionString, database, configureNpgsql);
            configureOptions?.Invoke(options, database);
        });

        // Aspire's health check, logging and telemetry for the context. Its retry strategy stays off: ours knows the
        // request's budget, and explicit transactions already run inside CreateExecutionStrategy().
        // Its tracing and metrics only with a collector, as ServiceDefaults' own (no listener, no cost).
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.EnrichNpgsqlDbContext<TContext>(settings =>
        {
            settings.DisableRetry = true;
            settings.DisableTracing = !exporting;
            settings.DisableMetrics = !exporting;
        });
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
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        if (!SetsConnectTimeout(connectionString))
        {
            connection.Timeout = (int)Math.Ceiling(database.ConnectTimeout.TotalSeconds);
        }

        options.UseNpgsql(connection.ConnectionString, npgsql =>
        {
            npgsql.ExecutionStrategy(dependencies => new BudgetAwareRetryingExecutionStrategy(dependencies, database.MaxRetryCount, database.MaxRetryDelay));
            npgsql.MigrationsHistoryTable("__EFMigrationsHistory", database.Schema);
            configureNpgsql?.Invoke(npgsql);
        });
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new SchemaOptionsExtension(database.Schema));
        options.ReplaceService<IModelCacheKeyFactory, SchemaModelCacheKeyFactory>();
        return options;
    }

    /// <summary>
    /// Whether the connection string chooses its own connect timeout (by key, not by text: <c>Command Timeout</c> or a
    /// password containing "timeout" does not count).
    /// </summary>
    private static bool SetsConnectTimeout(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant() is "timeout" or "connecttimeout" or "connectiontimeout");
}
