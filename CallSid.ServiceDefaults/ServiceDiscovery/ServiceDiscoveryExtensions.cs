using CallSid.ServiceDefaults.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallSid.ServiceDefaults.ServiceDiscovery;

public static class ServiceDiscoveryExtensions
{
    /// <summary>
    /// Every HttpClient resolves service names (<c>http://calls</c>) on each request, taking the service's replicas in
    /// turn. Add it after the resilience handler (<c>ConfigureHttpClientDefaults</c> in <c>AddServiceDefaults</c> does),
    /// so each retry is resolved again.
    /// </summary>
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

    /// <summary>
    /// Sends each request to the service's next endpoint. Inside the resilience handler, so a retry comes back here
    /// and goes to the next endpoint in turn; the request keeps its service address between attempts (as Microsoft's
    /// handler does). An endpoint that refused the connection is reported, so requests pass it over for a while.
    /// </summary>
    private sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is not { IsAbsoluteUri: true } address || !resolver.IsServiceName(address))
            {
                return await base.SendAsync(request, cancellationToken);
            }

            var resolved = resolver.Resolve(address);
            request.RequestUri = resolved;
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (IdempotentResilienceHandler.SurelyNeverSent(e))
            {
                resolver.ReportRefused(resolved);
                throw;
            }
            finally
            {
                request.RequestUri = address;
            }
        }
    }
}
