using CallSid.ServiceDefaults.Resilience;
using CallSid.ElevenLabsEmulator;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddOptions<EmulatorOptions>()
    .BindConfiguration(EmulatorOptions.SectionName)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddOptions<PlaybackOptions>()
    .BindConfiguration(EmulatorOptions.SectionName)
    .Configure<IConfiguration>((playback, configuration) =>
    {
        // The same secrets the edge checks; the AppHost hands both sides one value.
        playback.TranscriptionToken ??= configuration["Webhooks:TranscriptionToken"];
        playback.PostCallSecret ??= configuration["Webhooks:PostCallSecret"];
    })
    .Validate(playback => PlaybackOptions.TryParseSkipTurns(playback.SkipTurns, out _), "Emulator:SkipTurns must be turn numbers from 1, separated by commas (e.g. 2,5).")
    .ValidateOnStart();
builder.Services.AddSingleton<ReceivedCalls>();
builder.Services.AddSingleton<EmulatedConversations>();
builder.Services.AddSingleton<WebhookDeliveries>();
builder.Services.AddSingleton<ConversationPlayback>();
builder.Services.AddHostedService(services => services.GetRequiredService<ConversationPlayback>());
builder.Services.AddHttpClient(ConversationPlayback.HttpClientName).UseOwnResilienceSettings(); // HttpResilience:webhooks

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOutboundCallApi();
app.MapConversationsApi();

app.Run();
