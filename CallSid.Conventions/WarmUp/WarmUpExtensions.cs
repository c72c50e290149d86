using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CallSid.Conventions.WarmUp;

public static class WarmUpExtensions
{
    /// <summary>Adds a step to the service's warm-up; <c>/health</c> stays Unhealthy until every step has run.</summary>
    public static IHostApplicationBuilder AddWarmUp(this IHostApplicationBuilder builder, string name, Func<IServiceProvider, CancellationToken, Task> run)
    {
        if (!builder.Services.Any(s => s.ServiceType == typeof(WarmUpService)))
        {
            builder.Services.AddSingleton<WarmUpService>();
            builder.Services.AddHostedService(services => services.GetRequiredService<WarmUpService>());
            builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                "warm-up", services => services.GetRequiredService<WarmUpService>(), failureStatus: null, tags: ["ready"]));
        }

        builder.Services.AddSingleton(new WarmUpStep(name, run));
        return builder;
    }
}
