using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace CallSid.ServiceDefaults.Resilience;

public static class ResilienceExtensions
{
    /// <summary>
    /// Adds <see cref="IdempotentResilienceHandler"/> to a client (or, from <c>ConfigureHttpClientDefaults</c>, to every
    /// client). Settings come from <c>HttpResilience:Default</c>, then <c>HttpResilience:{client name}</c>, then
    /// <see cref="ConfigureResilience"/>.
    /// </summary>
    public static IHttpClientBuilder AddIdempotentResilienceHandler(this IHttpClientBuilder builder)
    {
        builder.Services.TryAddSingleton<ResiliencePipelineRegistry<string>>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpResilienceOptions>, BindFromConfiguration>());

        // The client's name is only known when its handler chain is built, so add the handler there.
        void AddHandler(HttpClientFactoryOptions options) => options.HttpMessageHandlerBuilderActions.Add(handlers =>
        {
            var name = string.IsNullOrEmpty(handlers.Name) ? "Default" : handlers.Name;
            var settings = handlers.Services.GetRequiredService<IOptionsMonitor<HttpResilienceOptions>>().Get(name);
            var registry = handlers.Services.GetRequiredService<ResiliencePipelineRegistry<string>>();
            handlers.AdditionalHandlers.Add(new IdempotentResilienceHandler(IdempotentResilienceHandler.GetPipeline(registry, name, settings)));
        });

        if (builder.Name is null)
        {
            builder.Services.ConfigureAll<HttpClientFactoryOptions>(AddHandler);
        }
        else
        {
            builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, AddHandler);
        }

        return builder;
    }

    /// <summary>This client's own resilience settings, set in code after configuration was applied.</summary>
    public static IHttpClientBuilder ConfigureResilience(this IHttpClientBuilder builder, Action<HttpResilienceOptions, IServiceProvider> configure)
    {
        builder.Services.AddOptions<HttpResilienceOptions>(builder.Name).Configure<IServiceProvider>(configure);
        return builder;
    }

    private sealed class BindFromConfiguration(IConfiguration configuration) : IConfigureNamedOptions<HttpResilienceOptions>
    {
        public void Configure(string? name, HttpResilienceOptions options)
        {
            configuration.GetSection($"{HttpResilienceOptions.SectionName}:Default").Bind(options);
            if (!string.IsNullOrEmpty(name))
            {
                configuration.GetSection($"{HttpResilienceOptions.SectionName}:{name}").Bind(options);
            }
        }

        public void Configure(HttpResilienceOptions options) => Configure(Options.DefaultName, options);
    }
}
