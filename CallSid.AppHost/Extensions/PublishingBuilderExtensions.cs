using CallSid.AppHost.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CallSid.AppHost.Extensions;

/// <summary>
/// Our Kubernetes and compose publishers as Aspire pipeline steps (<c>publish-kubernetes</c>, <c>publish-compose</c>),
/// which <c>publish --publisher kubernetes|compose --output-path DIR</c> runs (<see cref="AppHostSettings.Options"/>).
/// Aspire's own publishers for these (Aspire.Hosting.Kubernetes/Docker) are not on our feed.
/// </summary>
public static class PublishingBuilderExtensions
{
    public const string Kubernetes = "kubernetes";

    public const string Compose = "compose";

    public static string StepName(string publisher) => $"publish-{publisher}";

    public static IDistributedApplicationBuilder AddCallSidPublishers(this IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PublishingOptions.SectionName).Get<PublishingOptions>() ?? new PublishingOptions();
        options.OutputPath = builder.Configuration["Pipeline:OutputPath"] ?? string.Empty;
        // The pipeline API is experimental (ASPIREPIPELINES001) in Aspire 13.6 and the only way to add a publish step: the
        // older publisher interfaces are obsolete. Revisit when it leaves preview.
#pragma warning disable ASPIREPIPELINES001
        builder.Pipeline.AddStep(StepName(Kubernetes), context => PublishAsync(context, new KubernetesPublisher(options), options));
        builder.Pipeline.AddStep(StepName(Compose), context => PublishAsync(context, new ComposePublisher(options), options));
        return builder;
    }

    /// <summary>Writes only files whose text changed, so a second publish of the same graph touches nothing.</summary>
    private static async Task PublishAsync(Aspire.Hosting.Pipelines.PipelineStepContext context, IManifestPublisher publisher, PublishingOptions options)
#pragma warning restore ASPIREPIPELINES001
    {
        var projects = new List<PublishedProject>();
        foreach (var project in context.Model.Resources.OfType<ProjectResource>().Where(p => !PublishedProject.IsExcluded(p)))
        {
            projects.Add(await PublishedProject.FromAsync(project, context.Model, context.ExecutionContext, options, context.CancellationToken));
        }

        var files = publisher.Write(projects, context.Model);
        var directory = Path.GetFullPath(options.OutputPath);
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path) || await File.ReadAllTextAsync(path, context.CancellationToken) != text)
            {
                await File.WriteAllTextAsync(path, text, context.CancellationToken);
            }
        }

        context.Logger.LogInformation("Published {Count} files to {Directory}: {Files}", files.Count, directory, string.Join(", ", files.Keys));
    }
}
