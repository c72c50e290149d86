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
    });
builder.Services.AddSingleton<ReceivedCalls>();
builder.Services.AddSingleton<ConversationPlayback>();
builder.Services.AddHostedService(services => services.GetRequiredService<ConversationPlayback>());
builder.Services.AddHttpClient(ConversationPlayback.HttpClientName);

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOutboundCallApi();

app.Run();
