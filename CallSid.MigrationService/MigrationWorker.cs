using CallSid.MigrationService.Data;

namespace CallSid.MigrationService;

/// <summary>Runs the migration once, then stops the host; the process exit code says whether it worked.</summary>
public sealed class MigrationWorker(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    ILogger<MigrationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
            var waitTimeout = configuration.GetValue("Migrations:DatabaseWaitTimeout", TimeSpan.FromSeconds(60));

            await migrator.WaitForDatabaseAsync(waitTimeout, stoppingToken);
            var report = await migrator.MigrateAsync(configuration["target"], stoppingToken);

            if (report.Applied.Count == 0 && report.Reverted.Count == 0)
            {
                logger.LogInformation("Database already at {Migration}; nothing to do", report.Current ?? "the empty schema");
            }
            else
            {
                logger.LogInformation(
                    "Database now at {Migration} (applied: {Applied}; reverted: {Reverted})",
                    report.Current ?? "the empty schema",
                    report.Applied.Count == 0 ? "none" : string.Join(", ", report.Applied),
                    report.Reverted.Count == 0 ? "none" : string.Join(", ", report.Reverted));
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // One line an operator can act on; the stack trace is there at Debug level.
            logger.LogCritical("Migration failed: {Reason}", Describe(e));
            logger.LogDebug(e, "Migration failure details");
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private static string Describe(Exception e) => e switch
    {
        Npgsql.PostgresException postgres => postgres.MessageText,
        _ when e.InnerException is Npgsql.PostgresException inner => inner.MessageText,
        _ => e.Message,
    };
}
