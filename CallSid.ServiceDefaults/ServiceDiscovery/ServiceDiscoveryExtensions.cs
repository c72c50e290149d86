using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallSid.ServiceDefaults.ServiceDiscovery;

public static class ServiceDiscoveryExtensions
{
    /// <summary>Every HttpClient resolves service names (<c>http://calls</c>) on each request.</summary>
    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder builder)
    {
        builder.Services.TryAddSingleton<ServiceEndpointResolver>();
        return builder.AddHttpMessageHandler(services => new ServiceDiscoveryHandler(services.GetRequiredService<ServiceEndpointResolver>()));
    }

    /// <summary>Fails start-up, naming the missing setting, when one of <paramref name="services"/> has no address.</summary>
    public static IHostApplicationBuilder RequireServices(this IHostApplicationBuilder builder, params string[] services)
    {
        builder.Services.TryAddSingleton<ServiceEndpointResolver>();
        builder.Services.AddOptions<RequiredServices>().Configure(required => required.Names.AddRange(services)).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RequiredServices>, RequiredServicesValidator>());
        return builder;
    }

    private sealed class RequiredServicesValidator(ServiceEndpointResolver resolver) : IValidateOptions<RequiredServices>
    {
        public ValidateOptionsResult Validate(string? name, RequiredServices options)
        {
            var problems = options.Names.Distinct().Select(service => resolver.Problem(service)).OfType<string>().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    private sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { IsAbsoluteUri: true } address && resolver.IsServiceName(address))
            {
                request.RequestUri = resolver.Resolve(address);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
