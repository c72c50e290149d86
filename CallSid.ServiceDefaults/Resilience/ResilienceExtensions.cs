using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CallSid.ServiceDefaults.Resilience;

public static class ResilienceExtensions
{
    /// <summary>The standard handler's options are named "{client}-standard" (just "-standard" for the defaults' one).</summary>
    private const string StandardSuffix = "-standard";

    /// <summary>
    /// Binds the standard resilience handler to <c>HttpResilience:Default</c> (and a client's own handler, see
    /// <see cref="UseOwnResilienceSettings"/>, to <c>HttpResilience:{client}</c> over it), and makes its retries safe: a
    /// request that is not idempotent is sent again only when it surely never left.
    /// </summary>
    public static IServiceCollection AddCallSidResilienceSettings(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpStandardResilienceOptions>, StandardOptionsFromSettings>());
        return services;
    }

    /// <summary>
    /// This client's standard handler reads <c>HttpResilience:{client}</c> too. The defaults' handler is shared by every
    /// client (its options cannot know the client's name), so the client gets one of its own, in the same place.
    /// </summary>
    public static IHttpClientBuilder UseOwnResilienceSettings(this IHttpClientBuilder builder)
    {
#pragma warning disable EXTEXP0001 // experimental in the package; it is the documented way to opt one client out of the defaults
        builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.AddStandardResilienceHandler();
        // Outside service discovery, as the defaults put it, so each retry is resolved to a replica again.
        builder.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            var own = handlers.OfType<ResilienceHandler>().Last();
            handlers.Remove(own);
            handlers.Insert(0, own);
        });
        return builder;
    }

    /// <summary>
    /// For a request that may dial a phone (ElevenLabs' outbound call): one attempt bounded by
    /// <paramref name="attemptTimeout"/>, sent again only if it never left this process; no circuit breaker, since one
    /// number's trouble must not fail the next drivers' calls. Replaces the standard handler for this client.
    /// </summary>
    public static IHttpClientBuilder AddOutboundCallResilienceHandler(
        this IHttpClientBuilder builder, Func<IServiceProvider, (TimeSpan Attempt, TimeSpan Total)> timeouts)
    {
#pragma warning disable EXTEXP0001 // experimental in the package; it is the documented way to opt one client out of the defaults
        builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.AddResilienceHandler("outbound-call", (pipeline, context) =>
        {
            var (attempt, total) = timeouts(context.ServiceProvider);
            var settings = HttpResilienceOptions.Read(context.ServiceProvider.GetRequiredService<IConfiguration>(), builder.Name);
            pipeline.AddTimeout(total);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, settings.MaxRetryAttempts),
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(settings.MaxRetryAttempts > 0 && SentRequests.SurelyNeverSent(args.Outcome.Exception)),
            });
            pipeline.AddTimeout(attempt);
        });
        return builder;
    }

    /// <summary>Our flat settings (<see cref="HttpResilienceOptions"/>) onto the standard handler's options.</summary>
    private sealed class StandardOptionsFromSettings(IConfiguration configuration) : IConfigureNamedOptions<HttpStandardResilienceOptions>
    {
        public void Configure(string? name, HttpStandardResilienceOptions options)
        {
            var client = name is not null && name.EndsWith(StandardSuffix, StringComparison.Ordinal) ? name[..^StandardSuffix.Length] : name;
            var settings = HttpResilienceOptions.Read(configuration, client);

            options.TotalRequestTimeout.Timeout = settings.TotalTimeout;
            options.AttemptTimeout.Timeout = settings.AttemptTimeout;
            options.Retry.MaxRetryAttempts = Math.Max(1, settings.MaxRetryAttempts);
            options.Retry.Delay = settings.RetryDelay;
            options.Retry.ShouldHandle = args => ValueTask.FromResult(settings.MaxRetryAttempts > 0 && SentRequests.MaySendAgain(args.Outcome, args.Context));
            options.CircuitBreaker.FailureRatio = settings.CircuitBreakerFailureRatio;
            options.CircuitBreaker.MinimumThroughput = settings.CircuitBreakerMinimumThroughput;
            options.CircuitBreaker.BreakDuration = settings.CircuitBreakerBreakDuration;
            // The standard handler insists on a window of at least two attempts.
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(settings.CircuitBreakerSamplingDuration.Ticks, 2 * settings.AttemptTimeout.Ticks));
            if (!settings.CircuitBreakerEnabled)
            {
                options.CircuitBreaker.ShouldHandle = _ => ValueTask.FromResult(false);
            }
        }

        public void Configure(HttpStandardResilienceOptions options) => Configure(Options.DefaultName, options);
    }
}
