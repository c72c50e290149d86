using CallSid.AppHost.Hosting;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
var config = builder.Configuration;
int PortOf(string resource) => config.GetValue<int>($"AppHost:Ports:{resource}");
var dataDirectory = config["AppHost:DataDirectory"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : DataDirectory.Default();

// The database: a private local PostgreSQL cluster, or the external one named by ConnectionStrings:callsdb.
var callsdb = config.GetConnectionString("callsdb") is { Length: > 0 } external
    ? builder.AddConnectionString("callsdb", external)
    : builder.AddPostgres("postgres", PortOf("Postgres"), Path.Combine(dataDirectory, "postgres"), config["AppHost:PostgresBinDirectory"])
        .AddDatabase("callsdb");

// The schema, migrated before any service starts.
var migrations = builder.AddProject("migrations", "CallSid.MigrationService")
    .WithReference(callsdb)
    .WithConfigurationSection("Database")
    .WaitFor(callsdb);

// Secrets from configuration (Webhooks__TranscriptionToken, ...), or generated for this run.
var transcriptionToken = builder.Secret("Webhooks:TranscriptionToken");
var postCallSecret = builder.Secret("Webhooks:PostCallSecret");

var calls = builder.AddProject("calls", "CallSid.Calls")
    .WithHttpEndpoint(PortOf("Calls"))
    .WithReference(callsdb)
    .WithConfigurationSection("Database")
    .WithConfigurationSection("ElevenLabs")
    .WaitForCompletion(migrations);

var transcripts = builder.AddProject("transcripts", "CallSid.Transcripts")
    .WithHttpEndpoint(PortOf("Transcripts"))
    .WithReference(callsdb)
    .WithReference(calls)
    .WithConfigurationSection("Database")
    .WaitForCompletion(migrations)
    .WaitFor(calls);

var edge = builder.AddProject("edge", "CallSid.Edge")
    .WithHttpEndpoint(PortOf("Edge"))
    .WithReference(transcripts)
    .WithReference(calls)
    .WithEnvironment("Webhooks__TranscriptionToken", transcriptionToken)
    .WithEnvironment("Webhooks__PostCallSecret", postCallSecret)
    .WaitFor(transcripts)
    .WaitFor(calls);

// Without an ElevenLabs API key, the emulator stands in for ElevenLabs and plays each call back into the edge.
if (string.IsNullOrEmpty(config["ElevenLabs:ApiKey"]))
{
    var emulatorKey = builder.Secret("Emulator:ApiKey");
    var elevenlabs = builder.AddProject("elevenlabs", "CallSid.ElevenLabsEmulator")
        .WithHttpEndpoint(PortOf("Emulator"))
        .WithConfigurationSection("Emulator")
        .WithEnvironment("Emulator__ApiKey", emulatorKey)
        .WithReference(edge)
        .WithEnvironment("Emulator__WebhookBaseUrl", "http://edge")
        .WithEnvironment("Webhooks__TranscriptionToken", transcriptionToken)
        .WithEnvironment("Webhooks__PostCallSecret", postCallSecret);

    calls.WithEnvironment("ElevenLabs__BaseUrl", () => elevenlabs.Resource.Url.ToString())
        .WithEnvironment("ElevenLabs__ApiKey", emulatorKey)
        .WaitFor(elevenlabs);
}

builder.Build().Run();
