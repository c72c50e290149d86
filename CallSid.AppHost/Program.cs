using CallSid.AppHost.Hosting;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
var config = builder.Configuration;
int PortOf(string resource) => config.GetValue<int>($"AppHost:Ports:{resource}");
int ReplicasOf(string resource) => config.GetValue($"AppHost:Replicas:{resource}", 1);
var dataDirectory = config["AppHost:DataDirectory"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : DataDirectory.Default();

// The SRE dashboard first: every resource's telemetry goes to it from its first line (AppHost__Dashboard__Enabled=false: none).
var dashboard = builder.AddDashboard<Projects.CallSid_Dashboard>();

// The database: a private local PostgreSQL cluster, or the external one named by ConnectionStrings:callsdb.
var callsdb = config.GetConnectionString("callsdb") is { Length: > 0 }
    ? builder.AddConnectionString("callsdb")
    : builder.AddLocalPostgres("postgres", PortOf("Postgres"))
        .WithDataDirectory(Path.Combine(dataDirectory, "postgres"))
        .WithBinDirectory(config["AppHost:PostgresBinDirectory"])
        .AddDatabase("callsdb");

// The schema, migrated before any service starts.
var migrations = builder.AddProject<Projects.CallSid_MigrationService>("migrations")
    .WithReference(callsdb)
    .WithConfigurationSection("Database")
    .WaitFor(callsdb);

// Secrets from configuration (Webhooks__TranscriptionToken, ...), or generated for this run. With a real ElevenLabs
// account the webhook secrets must be the ones ElevenLabs sends, so they cannot be generated. A published graph
// always talks to the real ElevenLabs; its secrets are the orchestrator's, and its agent goes into the configuration.
var usesElevenLabs = builder.ExecutionContext.IsPublishMode || !string.IsNullOrEmpty(config["ElevenLabs:ApiKey"]);
if (builder.ExecutionContext.IsRunMode && usesElevenLabs
    && (string.IsNullOrEmpty(config["Webhooks:TranscriptionToken"]) || string.IsNullOrEmpty(config["Webhooks:PostCallSecret"])))
{
    Console.Error.WriteLine("With ElevenLabs:ApiKey set, also set Webhooks:TranscriptionToken and Webhooks:PostCallSecret to the values configured in ElevenLabs.");
    return 1;
}

if (builder.ExecutionContext.IsPublishMode && (string.IsNullOrEmpty(config["ElevenLabs:AgentId"]) || string.IsNullOrEmpty(config["ElevenLabs:AgentPhoneNumberId"])))
{
    Console.Error.WriteLine("Publishing needs the ElevenLabs agent: set ElevenLabs:AgentId and ElevenLabs:AgentPhoneNumberId (ElevenLabs__AgentId=... ElevenLabs__AgentPhoneNumberId=...).");
    return 1;
}

var transcriptionToken = builder.AddSecret("transcription-token", "Webhooks:TranscriptionToken");
var postCallSecret = builder.AddSecret("post-call-secret", "Webhooks:PostCallSecret");

var calls = builder.AddProject<Projects.CallSid_Calls>("calls")
    .WithHttpEndpoint(port: PortOf("Calls"), isProxied: false)
    .WithReplicas(ReplicasOf("calls"))
    .WithReference(callsdb)
    .WithConfigurationSection("Database")
    .WithConfigurationSection("ElevenLabs")
    .WaitForCompletion(migrations);

var transcripts = builder.AddProject<Projects.CallSid_Transcripts>("transcripts")
    .WithHttpEndpoint(port: PortOf("Transcripts"), isProxied: false)
    .WithReplicas(ReplicasOf("transcripts"))
    .WithReference(callsdb)
    .WithReference(calls)
    .WithConfigurationSection("Database")
    .WaitForCompletion(migrations)
    .WaitFor(calls);
calls.WithReference(transcripts); // post-call transcripts are handed over; resolved per request, so no start-up cycle

var edge = builder.AddProject<Projects.CallSid_Edge>("edge")
    .WithHttpEndpoint(port: PortOf("Edge"), isProxied: false)
    .WithExternalHttpEndpoints()
    .WithReference(transcripts)
    .WithReference(calls)
    .WithEnvironment("Webhooks__TranscriptionToken", transcriptionToken)
    .WithEnvironment("Webhooks__PostCallSecret", postCallSecret)
    .WaitFor(transcripts)
    .WaitFor(calls);

// The dashboard's call view reads calls and transcripts from their APIs.
dashboard?.WithReference(calls).WithReference(transcripts);

// Without an ElevenLabs API key (a local run only), the emulator stands in for ElevenLabs and plays each call back into
// the edge. With one, its key is a secret, never a literal of the ElevenLabs section.
if (!usesElevenLabs)
{
    var emulatorKey = builder.AddSecret("elevenlabs-api-key", "Emulator:ApiKey");
    var elevenlabs = builder.AddProject<Projects.CallSid_ElevenLabsEmulator>("elevenlabs")
        .WithHttpEndpoint(port: PortOf("Emulator"), isProxied: false)
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
else
{
    calls.WithEnvironment("ElevenLabs__ApiKey", builder.AddSecret("elevenlabs-api-key", "ElevenLabs:ApiKey"));
}

await builder.Build().RunAsync();
return Environment.ExitCode;
