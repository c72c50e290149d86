using CallSid.AppHost.Hosting;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
var config = builder.Configuration;
(int Port, string Setting) PortOf(string resource) => (config.GetValue<int>($"AppHost:Ports:{resource}"), $"AppHost:Ports:{resource}");
var dataDirectory = config["AppHost:DataDirectory"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : DataDirectory.Default();

// The database: a private local PostgreSQL cluster, or the external one named by ConnectionStrings:callsdb.
var callsdb = config.GetConnectionString("callsdb") is { Length: > 0 } external
    ? builder.AddConnectionString("callsdb", external)
    : builder.AddPostgres("postgres", PortOf("Postgres").Port, Path.Combine(dataDirectory, "postgres"), config["AppHost:PostgresBinDirectory"])
        .AddDatabase("callsdb");

// The schema, migrated before any service starts.
var migrations = builder.AddProject("migrations", "CallSid.MigrationService")
    .WithReference(callsdb)
    .WithConfigurationSection("Database")
    .WaitFor(callsdb);

// Secrets from configuration (Webhooks__TranscriptionToken, ...), or generated for this run. With a real ElevenLabs
// account the webhook secrets must be the ones ElevenLabs sends, so they cannot be generated.
var usesElevenLabs = !string.IsNullOrEmpty(config["ElevenLabs:ApiKey"]);
if (usesElevenLabs && (string.IsNullOrEmpty(config["Webhooks:TranscriptionToken"]) || string.IsNullOrEmpty(config["Webhooks:PostCallSecret"])))
{
    Console.Error.WriteLine("With ElevenLabs:ApiKey set, also set Webhooks:TranscriptionToken and Webhooks:PostCallSecret to the values configured in ElevenLabs.");
    return 1;
}

var transcriptionToken = builder.Secret("Webhooks:TranscriptionToken");
var postCallSecret = builder.Secret("Webhooks:PostCallSecret");

var calls = builder.AddProject("calls", "CallSid.Calls")
    .WithHttpEndpoint(PortOf("Calls").Port, PortOf("Calls").Setting)
    .WithReference(callsdb)
    .WithConfigurationSection("Database")
    .WithConfigurationSection("ElevenLabs")
    .WaitForCompletion(migrations);

var transcripts = builder.AddProject("transcripts", "CallSid.Transcripts")
    .WithHttpEndpoint(PortOf("Transcripts").Port, PortOf("Transcripts").Setting)
    .WithReference(callsdb)
    .WithReference(calls)
    .WithConfigurationSection("Database")
    .WaitForCompletion(migrations)
    .WaitFor(calls);

var edge = builder.AddProject("edge", "CallSid.Edge")
    .WithHttpEndpoint(PortOf("Edge").Port, PortOf("Edge").Setting)
    .WithReference(transcripts)
    .WithReference(calls)
    .WithEnvironment("Webhooks__TranscriptionToken", transcriptionToken)
    .WithEnvironment("Webhooks__PostCallSecret", postCallSecret)
    .WaitFor(transcripts)
    .WaitFor(calls);

// Without an ElevenLabs API key, the emulator stands in for ElevenLabs and plays each call back into the edge.
if (!usesElevenLabs)
{
    var emulatorKey = builder.Secret("Emulator:ApiKey");
    var elevenlabs = builder.AddProject("elevenlabs", "CallSid.ElevenLabsEmulator")
        .WithHttpEndpoint(PortOf("Emulator").Port, PortOf("Emulator").Setting)
        .WithConfigurationSection("Emulator")
        .WithEnvironment("Emulator__ApiKey", emulatorKey)
        .WithReference(edge)
        .WithEnvironment("Emulator__WebhookBaseUrl", "http://edge")
        .WithEnvironment("Webhooks__TranscriptionToken", transcriptionToken)
        .WithEnvironment("Webhooks__PostCallSecret", postCallSecret);

    calls.WithEnvironment("ElevenLabs__BaseUrl", () => elevenlabs.Resource.Url.ToString())
        .WithEnvironment("ElevenLabs__ApiKey", emulatorKey)
        .WithEnvironment("ElevenLabs__AgentId", config["Emulator:AgentId"])
        .WithEnvironment("ElevenLabs__AgentPhoneNumberId", config["Emulator:AgentPhoneNumberId"])
        .WaitFor(elevenlabs);
}

return await builder.Build().RunAsync();
