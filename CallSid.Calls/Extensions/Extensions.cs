using CallSid.Calls.ElevenLabs;
using CallSid.Calls.Infrastructure;
using CallSid.Calls.Services;
using CallSid.ServiceDefaults.Database;
using CallSid.ServiceDefaults.Resilience;
using Microsoft.Extensions.Options;

namespace CallSid.Calls.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<CallsDbContext>();

        builder.Services.AddOptions<ElevenLabsOptions>()
            .BindConfiguration(ElevenLabsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<CallPlacementOptions>()
            .BindConfiguration(CallPlacementOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddHttpClient<ElevenLabsClient>((services, http) =>
        {
            var baseUrl = services.GetRequiredService<IOptions<ElevenLabsOptions>>().Value.BaseUrl.ToString();
            http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns the timeouts
        });
        // One attempt per dial, bounded by ElevenLabs:RequestTimeout; the resilience handler only repeats a request
        // that never left (see StandardResilienceHandler). No circuit breaker: ElevenLabs answers 5xx for one
        // number's Twilio trouble, which must not fail the next drivers' calls.
        builder.Services.AddOptions<HttpResilienceOptions>(nameof(ElevenLabsClient))
            .Configure<IOptions<ElevenLabsOptions>>((resilience, elevenLabs) =>
            {
                resilience.AttemptTimeout = elevenLabs.Value.RequestTimeout;
                resilience.TotalTimeout = elevenLabs.Value.RequestTimeout + TimeSpan.FromSeconds(5);
                resilience.CircuitBreakerEnabled = false;
            });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<CallStore>();
        builder.Services.AddScoped<CallPlacement>();
    }
}
