using CallSid.AppHost.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CallSid.AppHost.Extensions;

public static class SupervisionBuilderExtensions
{
    /// <summary>Starts the resource again when it crashes (a non-zero exit it was not asked for), with back-off, for ever.</summary>
    public static IResourceBuilder<T> WithRestartOnCrash<T>(this IResourceBuilder<T> resource) where T : IResource
    {
        var services = resource.ApplicationBuilder.Services;
        if (resource.ApplicationBuilder.ExecutionContext.IsRunMode && !services.Any(s => s.ImplementationType == typeof(CrashRestarter)))
        {
            services.AddOptions<SupervisionOptions>().BindConfiguration(SupervisionOptions.SectionName);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CrashRestarter>());
        }

        return resource.WithAnnotation(new RestartOnCrashAnnotation());
    }
}
