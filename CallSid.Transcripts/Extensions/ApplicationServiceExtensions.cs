using CallSid.ServiceDefaults.Database;
using CallSid.ServiceDefaults.ServiceDiscovery;
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
        builder.Services.AddHttpClient(CallSidResolver.HttpClientName, http => http.BaseAddress = new Uri("http://calls/"));
        builder.Services.AddSingleton<CallSidResolver>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<TranscriptStore>();
        builder.Services.AddScoped<TranscriptRecovery>();
    }
}
