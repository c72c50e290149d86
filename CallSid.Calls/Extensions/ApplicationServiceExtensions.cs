using CallSid.Calls.ElevenLabs;
using CallSid.Calls.Infrastructure;
using CallSid.Calls.Services;
using CallSid.Conventions.Database;
using CallSid.ServiceDefaults.Resilience;
using CallSid.Conventions.WarmUp;
using Microsoft.Extensions.Options;

namespace CallSid.Calls.Extensions;

public static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSchemaBoundDbContext<CallsDbContext>("callsdb");
        builder.RequireServices("transcripts");

        builder.Services.AddOptions<ElevenLabsOptions>()
            .BindConfiguration(ElevenLabsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<CallsApiOptions>()
            .BindConfiguration(CallsApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<CallPlacementOptions>()
            .BindConfiguration(CallPlacementOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<RedialOptions>()
            .BindConfiguration(RedialOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<TranscriptHandoverOptions>()
            .BindConfiguration(TranscriptHandoverOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.MaxRetryDelay >= o.FirstRetryDelay, "TranscriptHandover:MaxRetryDelay must not be shorter than FirstRetryDelay.")
            .ValidateOnStart();
        builder.Services.AddOptions<CallSweeperOptions>()
            .BindConfiguration(CallSweeperOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<ElevenLabsOptions>>(
                (sweeper, elevenLabs) => sweeper.NotDialledAfterFor(elevenLabs.Value) > elevenLabs.Value.TotalRequestTimeout,
                "CallSweeper:NotDialledAfter must exceed the longest a dial may take (ElevenLabs:RequestTimeout + 5 s), or calls being dialled would be failed.")
            .ValidateOnStart();

        builder.Services.AddHttpClient<ElevenLabsClient>((services, http) =>
            {
                var baseUrl = services.GetRequiredService<IOptions<ElevenLabsOptions>>().Value.BaseUrl.ToString();
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns the timeouts
            })
            .AddHttpMessageHandler<ElevenLabsRequestMetricsHandler>()
            // A dial is never sent twice once it may have left (SentRequests); ElevenLabs:RequestTimeout bounds it.
            .AddOutboundCallResilienceHandler(services =>
            {
                var elevenLabs = services.GetRequiredService<IOptions<ElevenLabsOptions>>().Value;
                return (elevenLabs.RequestTimeout, elevenLabs.TotalRequestTimeout);
            });

        // Service discovery resolves http://transcripts through services__transcripts__http__0 (Aspire's convention).
        builder.Services.AddHttpClient<TranscriptsClient>(TranscriptsClient.HttpClientName, http => http.BaseAddress = new Uri("http://transcripts/"))
            .UseOwnResilienceSettings(); // HttpResilience:transcripts

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CallsMetrics>();
        builder.Services.AddTransient<ElevenLabsRequestMetricsHandler>();
        builder.Services.AddSingleton<TranscriptHandoverSignal>();
        builder.Services.AddSingleton<DialQueueSignal>();
        builder.Services.AddScoped<CallStore>();
        builder.Services.AddScoped<CallPlacement>();
        builder.Services.AddScoped<DialQueue>();
        builder.Services.AddScoped<CallDialer>();
        builder.Services.AddScoped<RedialPolicy>();
        builder.Services.AddScoped<ConversationOutcomeRecorder>();
        builder.Services.AddScoped<PostCallEventProcessor>();
        builder.Services.AddScoped<TranscriptHandoverQueue>();
        builder.Services.AddScoped<StrandedCalls>();
        // Singletons as well as hosted services: the operations API runs a pass of each on demand.
        builder.Services.AddSingleton<TranscriptHandoverDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TranscriptHandoverDispatcher>());
        builder.Services.AddHostedService<QueuedCallDispatcher>();
        builder.Services.AddSingleton<CallSweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CallSweeper>());

        // The call_sid lookup Transcripts makes on a call's first turn: its query compiled, a connection pooled.
        builder.AddWarmUp("call lookup", (services, token) => services.GetRequiredService<CallStore>().FindAsync("warm-up", token));
    }
}
