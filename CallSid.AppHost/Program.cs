using CallSid.AppHost.Hosting;
using CallSid.MigrationService.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

// Interim AppHost: a local PostgreSQL cluster with the schema migrated. Ctrl+C stops it.
var dataDirectory = Path.GetFullPath(Environment.GetEnvironmentVariable("AppHost__DataDirectory") ?? ".appdata/postgres");
var port = int.Parse(Environment.GetEnvironmentVariable("AppHost__PostgresPort") ?? "5433");

await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = dataDirectory, Port = port });
await postgres.CreateDatabaseAsync("callsdb");
await using (var db = MigrationDbContext.Create(postgres.GetConnectionString("callsdb")))
{
    await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(null, CancellationToken.None);
}

Console.WriteLine($"PostgreSQL ready with the migrated schema: {postgres.GetConnectionString("callsdb")}. Ctrl+C stops it.");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
await stop.Task;
