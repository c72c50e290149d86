using CallSid.MigrationService;
using CallSid.MigrationService.Data;
using CallSid.Conventions.Database;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddSchemaBoundDbContext<MigrationDbContext>("callsdb", configureOptions: MigrationDbContext.ConfigureMigrations);
builder.Services.AddScoped<DatabaseMigrator>();
builder.Services.AddHostedService<MigrationWorker>();

builder.Build().Run();
