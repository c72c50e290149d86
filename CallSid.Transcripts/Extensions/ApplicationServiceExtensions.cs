using CallSid.ServiceDefaults.Resilience;
using CallSid.Conventions.Database;
using CallSid.Conventions.WarmUp;
using CallSid.Transcripts.Infrastructure;
using CallSid.Transcripts.Services;

namespace CallSid.Transcripts.Extensions;

public static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSchemaBoundDbContext<TranscriptsDbContext>("callsdb");
        builder.RequireServices("calls");

        builder.Services.AddOptions<TranscriptOptions>()
            .BindConfiguration(TranscriptOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Service discovery resolves http://calls through services__calls__http__0 (Aspire's convention).
        builder.Services.AddHttpClient(CallSidResolver.HttpClientName, http => http.BaseAddress = new Uri("http://calls/"))
            .UseOwnResilienceSettings(); // HttpResilience:calls: a turn's lookup must fit its request budget
        builder.Services.AddSingleton<CallSidResolver>();
        builder.Services.AddSingleton<TurnMetrics>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConversationGate>();
        builder.Services.AddScoped<TranscriptStore>();
        builder.Services.AddScoped<TranscriptRecovery>();

        // A turn's path: the transcript query compiled and a connection pooled, then the Calls client's pipeline
        // (service discovery, resilience, JSON) once. Calls may not answer yet; the lookup never throws, so that part
        // is best effort.
        builder.AddWarmUp("transcript store", (services, token) => services.GetRequiredService<TranscriptStore>().GetTurnsAsync("warm-up", token));
        builder.AddWarmUp("call lookup", (services, token) => services.GetRequiredService<CallSidResolver>().ResolveAsync("warm-up", token));
    }
}
