using CallSid.AppHost.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CallSid.AppHost.Extensions;

/// <summary>
/// Our Kubernetes and compose publishers as the Aspire pipeline steps <c>publish-kubernetes</c> and <c>publish-compose</c>,
/// which <c>publish --publisher kubernetes|compose --output-path DIR</c> runs: Aspire's own are not on our feed.
/// </summary>
public static class PublishingBuilderExtensions
{
    public const string Kubernetes = "kubernetes";

    public const string Compose = "compose";

    public static string StepName(string publisher) => $"publish-{publisher}";

    // The pipeline API is experimental in Aspire 13.6, and the only way left to add a publisher (the older interfaces are obsolete).
#pragma warning disable ASPIREPIPELINES001
    public static IDistributedApplicationBuilder AddCallSidPublishers(this IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PublishingOptions.SectionName).Get<PublishingOptions>() ?? new PublishingOptions();
        var output = builder.Configuration["Pipeline:OutputPath"] ?? "";
        // Only the step of the publisher asked for: a run, or `aspire publish` running every step, never writes our files.
        switch (builder.Configuration["Publishing:Publisher"])
        {
            case Kubernetes:
                builder.Pipeline.AddStep(StepName(Kubernetes), context => PublishAsync(context, options, output, new KubernetesPublisher(options).Write));
                break;
            case Compose:
                builder.Pipeline.AddStep(StepName(Compose), context => PublishAsync(context, options, output, new ComposePublisher(options).Write));
                break;
        }

        return builder;
    }

    /// <summary>Writes only files whose text changed, so a second publish of the same graph touches nothing.</summary>
    private static async Task PublishAsync(Aspire.Hosting.Pipelines.PipelineStepContext context, PublishingOptions options, string output,
        Func<IReadOnlyList<PublishedProject>, DistributedApplicationModel, IReadOnlyDictionary<string, string>> write)
    {
        var projects = new List<PublishedProject>();
        foreach (var project in context.Model.Resources.OfType<ProjectResource>().Where(p => !PublishedProject.IsExcluded(p)))
        {
            projects.Add(await PublishedProject.FromAsync(project, context.Model, context.ExecutionContext, options, context.CancellationToken));
        }

        var files = write(projects, context.Model);
        var directory = Directory.CreateDirectory(Path.GetFullPath(output)).FullName;
        foreach (var (name, text) in files.Where(f => !File.Exists(Path.Combine(directory, f.Key)) || File.ReadAllText(Path.Combine(directory, f.Key)) != f.Value))
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name), text, context.CancellationToken);
        }

        context.Logger.LogInformation("Published {Count} files to {Directory}: {Files}", files.Count, directory, string.Join(", ", files.Keys));
    }
#pragma warning restore ASPIREPIPELINES001
}
