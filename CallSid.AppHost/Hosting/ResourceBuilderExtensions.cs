namespace CallSid.AppHost.Hosting;

/// <summary>Start order, as Aspire's <c>WaitFor</c> and <c>WaitForCompletion</c> say it, and what publishing leaves out.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Start only after <paramref name="dependency"/> is ready (a service healthy, a database created).</summary>
    public static ResourceBuilder<T> WaitFor<T, TDependency>(this ResourceBuilder<T> resource, ResourceBuilder<TDependency> dependency)
        where T : Resource
        where TDependency : Resource
    {
        resource.Resource.WaitsFor.Add((dependency.Resource, false));
        return resource;
    }

    /// <summary>Runs on this machine only; a published graph leaves it out (Aspire's <c>ExcludeFromManifest</c>).</summary>
    public static ResourceBuilder<T> ExcludeFromManifest<T>(this ResourceBuilder<T> resource) where T : Resource
    {
        resource.Resource.IsExcludedFromManifest = true;
        return resource;
    }

    /// <summary>Start only after the one-shot <paramref name="job"/> finished successfully.</summary>
    public static ResourceBuilder<T> WaitForCompletion<T>(this ResourceBuilder<T> resource, ResourceBuilder<ProjectResource> job)
        where T : Resource
    {
        job.Resource.IsJob = true;
        resource.Resource.WaitsFor.Add((job.Resource, true));
        return resource;
    }
}
