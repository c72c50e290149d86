using System.Diagnostics;
using CallSid.MigrationService.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CallSid.MigrationService.Data;

/// <summary>
/// Brings the schema to the requested step of the one migration chain. The whole run, including recognising and
/// adopting a legacy database, is a single transaction under an advisory lock: concurrent runs queue, and a step
/// that refuses (see <see cref="ConversationIdNullable"/>) leaves the database exactly as it was.
/// </summary>
public sealed class DatabaseMigrator(MigrationDbContext db, ILogger<DatabaseMigrator> logger)
{
    public const string ActivitySourceName = "CallSid.MigrationService";

    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>Waits, bounded, until the server accepts connections; creates the database when the server has none.</summary>
    public async Task WaitForDatabaseAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false, Timeout = 3 };
        var where = $"{target.Host}:{target.Port}/{target.Database}";
        var lastReason = "no answer";
        // Connection attempts with a capped exponential back-off, for as long as the server may still be starting.
        var waiting = new ResiliencePipelineBuilder()
            .AddTimeout(timeout)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsWorthWaitingFor),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(2),
                OnRetry = args =>
                {
                    lastReason = args.Outcome.Exception!.Message;
                    logger.LogInformation("Waiting for PostgreSQL at {Server}: {Reason}", where, lastReason);
                    return default;
                },
            })
            .Build();

        try
        {
            await waiting.ExecuteAsync(
                async token =>
                {
                    try
                    {
                        await using var connection = new NpgsqlConnection(target.ConnectionString);
                        await connection.OpenAsync(token);
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
                    {
                        logger.LogInformation("Database {Database} does not exist on {Server}; creating it", target.Database, where);
                        await db.GetService<IRelationalDatabaseCreator>().CreateAsync(token);
                    }
                },
                cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException($"PostgreSQL at {where} did not accept connections within {timeout.TotalSeconds:0.#} s: {lastReason}", e);
        }
    }

    /// <summary>
    /// A server that is not up yet, or still starting, is worth waiting for; a wrong password or a missing role is not
    /// and fails at once with PostgreSQL's own message.
    /// </summary>
    private static bool IsWorthWaitingFor(Exception e) => e switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        _ => false,
    };

    /// <param name="targetMigration">A migration name or id to move up or down to; <c>null</c> for the latest.</param>
    public async Task<MigrationReport> MigrateAsync(string? targetMigration, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("migrate database");
        activity?.SetTag("db.namespace", db.Database.GetDbConnection().Database);
        activity?.SetTag("callsid.schema", db.Schema);
        activity?.SetTag("callsid.migration.target", targetMigration ?? "latest");

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        connection.Notice += LogNotice;
        try
        {
            var report = await db.Database.CreateExecutionStrategy().ExecuteAsync(
                targetMigration,
                async (_, target, token) => await MigrateInTransactionAsync(target, token),
                verifySucceeded: null,
                cancellationToken);

            activity?.SetTag("callsid.migration.found", report.Found.ToString());
            activity?.SetTag("callsid.migration.current", report.Current);
            activity?.SetTag("callsid.migration.applied", report.Applied.Count);
            activity?.SetTag("callsid.migration.reverted", report.Reverted.Count);
            return report;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            connection.Notice -= LogNotice;
        }
    }

    private async Task<MigrationReport> MigrateInTransactionAsync(string? targetMigration, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"callsid-migrations:" + db.Schema}, 0))", cancellationToken);
        // Inside the transaction, so a refusal below rolls this back too.
        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(cancellationToken);

        var shape = await new SchemaInspector(db).InspectAsync(cancellationToken);
        logger.LogInformation("Schema {Schema}: {Shape} ({Description})", db.Schema, shape.Kind, shape.Description);
        switch (shape.Kind)
        {
            case DatabaseShapeKind.Unrecognised:
                throw new UnrecognisedSchemaException(
                    $"Schema \"{db.Schema}\" is neither empty, nor the old system's, nor migrated by this chain: {shape.Description}. Nothing was changed.");
            case DatabaseShapeKind.Legacy:
                await AdoptLegacyAsync(cancellationToken);
                break;
        }

        var before = await AppliedAsync(history, cancellationToken);
        await db.GetService<IMigrator>().MigrateAsync(targetMigration, cancellationToken);
        var after = await AppliedAsync(history, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new MigrationReport(
            shape.Kind,
            Applied: after.Except(before).ToList(),
            Reverted: before.Except(after).Reverse().ToList(),
            Current: after.LastOrDefault());
    }

    /// <summary>The legacy tables are the baseline: record it as applied so the chain continues from step 1.</summary>
    private async Task AdoptLegacyAsync(CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(
            history.GetInsertScript(new HistoryRow(Baseline.Id, ProductInfo.GetVersion())), cancellationToken);
        logger.LogInformation("Recognised the old system's schema in {Schema}; recorded {Baseline} as applied", db.Schema, Baseline.Id);
    }

    private static async Task<List<string>> AppliedAsync(IHistoryRepository history, CancellationToken cancellationToken) =>
        (await history.GetAppliedMigrationsAsync(cancellationToken)).Select(row => row.MigrationId).ToList();

    /// <summary>The steps report what they did with RAISE NOTICE (SQLSTATE 00000); PostgreSQL's own notices are noise.</summary>
    private void LogNotice(object sender, NpgsqlNoticeEventArgs e)
    {
        if (e.Notice.SqlState == PostgresErrorCodes.SuccessfulCompletion)
        {
            logger.LogInformation("{Notice}", e.Notice.MessageText);
        }
    }
}
