using CallSid.AppHost.Hosting;

namespace CallSid.AppHost.Publishing;

/// <summary>
/// A project of the graph as an orchestrator runs it: one image, a replica count, one port, and the settings the
/// local AppHost hands each of its processes (<see cref="ProjectResource.DescribeProcess"/>), described instead of
/// resolved. Where the local run has a value only this machine knows (a replica's port, its instance id, another
/// service's replicas), the setting says what it is and each publisher writes its orchestrator's equivalent.
/// </summary>
public sealed record PublishedProject(ProjectResource Project, string Image, IReadOnlyList<PublishedSetting> Settings)
{
    public string Name => Project.Name;

    /// <summary>The projects whose completion this one waits for (the migrations).</summary>
    public IEnumerable<ProjectResource> Jobs => Project.WaitsFor.Where(w => w.Completion).Select(w => w.Resource).OfType<ProjectResource>();

    /// <summary>The services this one waits to be ready before it starts.</summary>
    public IEnumerable<Resource> Dependencies => Project.WaitsFor.Where(w => !w.Completion).Select(w => w.Resource);

    public static PublishedProject From(ProjectResource project, PublishingOptions options)
    {
        var settings = new List<PublishedSetting>();
        void Set(string name, ManifestValue value)
        {
            settings.RemoveAll(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
            settings.Add(new PublishedSetting(name, value));
        }

        // The same settings, in the same order, as DescribeProcess hands a local process.
        Set("DOTNET_ENVIRONMENT", new ManifestValue.Literal("Production"));
        Set("ASPNETCORE_ENVIRONMENT", new ManifestValue.Literal("Production"));
        Set("Logging__Console__FormatterName", new ManifestValue.Literal("simple"));
        Set("Logging__Console__FormatterOptions__SingleLine", new ManifestValue.Literal("true"));
        Set("OTEL_RESOURCE_ATTRIBUTES", new ManifestValue.InstanceId());
        if (!project.IsJob)
        {
            Set("ASPNETCORE_URLS", new ManifestValue.Literal($"http://+:{options.ContainerPort}"));
        }

        foreach (var service in project.ServiceReferences)
        {
            Set($"services__{service.Name}__http__0", new ManifestValue.ServiceAddress(service));
        }

        foreach (var variable in project.Environment)
        {
            switch (variable.Manifest)
            {
                case null:
                    throw new InvalidOperationException(
                        $"{project.Name}: {variable.Name} has a value only the running AppHost knows, so it cannot be published. " +
                        "Give it a value the graph knows, or add it with WithLocalEnvironment (or only when ExecutionContext.IsRunMode).");
                case ManifestValue.Refused refused:
                    throw new InvalidOperationException($"{project.Name}: {variable.Name}: {refused.Reason}");
                case ManifestValue.LocalOnly or ManifestValue.Literal { Value: null }:
                    continue;
                default:
                    Set(variable.Name, variable.Manifest);
                    break;
            }
        }

        return new PublishedProject(project, $"{options.ImagePrefix}/{project.Name}:{options.ImageTag}", settings);
    }
}
