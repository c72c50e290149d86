using CallSid.AppHost;
using CallSid.AppHost.Extensions;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(AppHostSettings.Options(args));
var config = builder.Configuration;
if (AppHostSettings.Refusal(builder) is { } refusal)
{
    Console.Error.WriteLine(refusal);
    return 1;
}

// The database: the external one ConnectionStrings:callsdb names; a PostgreSQL container where the graph is published;
// locally a PostgreSQL server of this machine's own, its data kept across runs.
var callsdb = config.GetConnectionString("callsdb") is { Length: > 0 }
    ? builder.AddConnectionString("callsdb")
    : builder.ExecutionContext.IsPublishMode
        ? builder.AddPostgres("postgres").AddDatabase("callsdb")
        : builder.AddLocalPostgres("postgres", Path.Combine(AppHostSettings.DataDirectory(builder), "postgres"),
                AppHostSettings.Port(config, "Postgres"), config["AppHost:PostgresBinDirectory"])
            .WithRestartOnCrash()
            .AddDatabase("callsdb");

// The schema, migrated before any service starts.
var migrations = builder.AddProject<Projects.CallSid_MigrationService>("migrations")
    .WithReference(callsdb)
    .WithConfigurationSection("Database")
    .WaitFor(callsdb);

// Without an ElevenLabs API key (a local run only) the emulator stands in for ElevenLabs, so the webhook secrets are
// generated for the run; with one they must be those configured in ElevenLabs.
var usesElevenLabs = builder.ExecutionContext.IsPublishMode || !string.IsNullOrEmpty(config["ElevenLabs:ApiKey"]);
if (!usesElevenLabs)
{
    builder.GenerateMissingSecrets("Webhooks:TranscriptionToken", "Webhooks:PostCallSecret", "Emulator:ApiKey");
}

var transcriptionToken = builder.AddParameterFromConfiguration("transcription-token", "Webhooks:TranscriptionToken", secret: true);
var postCallSecret = builder.AddParameterFromConfiguration("post-call-secret", "Webhooks:PostCallSecret", secret: true);
var elevenLabsKey = builder.AddParameterFromConfiguration("elevenlabs-api-key", usesElevenLabs ? "ElevenLabs:ApiKey" : "Emulator:ApiKey", secret: true);

var callsReplicas = AppHostSettings.Replicas(config, "calls");
var calls = builder.AddProject<Projects.CallSid_Calls>("calls")
    .WithLocalPort("Calls", callsReplicas)
    .WithReplicas(callsReplicas)
    .WithReference(callsdb)
    .WithConfigurationSection("Database")
    .WithConfigurationSection("ElevenLabs", "ElevenLabs:ApiKey")
    .WithEnvironment("ElevenLabs__ApiKey", elevenLabsKey)
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash()
    .WaitForCompletion(migrations);

var transcriptsReplicas = AppHostSettings.Replicas(config, "transcripts");
var transcripts = builder.AddProject<Projects.CallSid_Transcripts>("transcripts")
    .WithLocalPort("Transcripts", transcriptsReplicas)
    .WithReplicas(transcriptsReplicas)
    .WithReference(callsdb)
    .WithReference(calls)
    .WithConfigurationSection("Database")
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash()
    .WaitForCompletion(migrations)
    .WaitFor(calls);
calls.WithReference(transcripts) // post-call transcripts are handed over; resolved per request, so no start-up cycle
    .WithCallLookup(transcripts)
    .WithOperations();

var edge = builder.AddProject<Projects.CallSid_Edge>("edge")
    .WithLocalPort("Edge")
    .WithExternalHttpEndpoints()
    .WithReference(transcripts)
    .WithReference(calls)
    .WithEnvironment("Webhooks__TranscriptionToken", transcriptionToken)
    .WithEnvironment("Webhooks__PostCallSecret", postCallSecret)
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash()
    .WaitFor(transcripts)
    .WaitFor(calls);

if (!usesElevenLabs)
{
    // The emulator speaks ElevenLabs' outbound-call API and plays each call back into the edge.
    var elevenlabs = builder.AddProject<Projects.CallSid_ElevenLabsEmulator>("elevenlabs")
        .WithLocalPort("Emulator")
        .WithConfigurationSection("Emulator")
        .WithEnvironment("Emulator__ApiKey", elevenLabsKey)
        .WithReference(edge)
        .WithEnvironment("Emulator__WebhookBaseUrl", "http://edge")
        .WithEnvironment("Webhooks__TranscriptionToken", transcriptionToken)
        .WithEnvironment("Webhooks__PostCallSecret", postCallSecret)
        .WithHttpHealthCheck("/health")
        .WithRestartOnCrash();

    calls.WithEnvironment("ElevenLabs__BaseUrl", elevenlabs.GetEndpoint("http"))
        .WithEnvironment("ElevenLabs__AgentId", config["Emulator:AgentId"])
        .WithEnvironment("ElevenLabs__AgentPhoneNumberId", config["Emulator:AgentPhoneNumberId"])
        // The demo redials the drivers the emulator does not reach (numbers ending 70101 to 70103; docs/dialing.md).
        .WithEnvironment("Redial__Enabled", config["Redial:Enabled"] ?? "true")
        .WithEnvironment("Redial__MinimumDelay", config["Redial:MinimumDelay"] ?? "00:00:20")
        .WaitFor(elevenlabs)
        .WithTestCall();
}

builder.UsePlainHttp();
builder.AddCallSidPublishers();
builder.Build().Run();
return 0;
