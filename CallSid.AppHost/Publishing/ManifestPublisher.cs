using CallSid.AppHost.Hosting;
using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost.Publishing;

/// <summary>
/// <c>publish --publisher kubernetes|compose --output-path DIR</c>: the graph Program.cs built, written as an
/// orchestrator's files instead of run. Writes only files whose text changed, so a second publish of the same graph
/// touches nothing.
/// </summary>
public static class ManifestPublisher
{
    /// <summary>The process exit code: 0 when every file was written, 1 with one line saying why otherwise.</summary>
    public static int Publish(IReadOnlyList<Resource> resources, IConfiguration configuration, ConsoleOutput output)
    {
        var options = configuration.GetSection(PublishingOptions.SectionName).Get<PublishingOptions>() ?? new PublishingOptions();
        IManifestPublisher? publisher = options.Publisher.ToLowerInvariant() switch
        {
            KubernetesPublisher.PublisherName => new KubernetesPublisher(options),
            ComposePublisher.PublisherName => new ComposePublisher(options),
            _ => null,
        };
        if (publisher is null || options.OutputPath.Length == 0)
        {
            output.Info($"Usage: publish --publisher {KubernetesPublisher.PublisherName}|{ComposePublisher.PublisherName} --output-path DIR" +
                        (publisher is null && options.Publisher.Length > 0 ? $" ('{options.Publisher}' is not a publisher)" : string.Empty));
            return 1;
        }

        IReadOnlyDictionary<string, string> files;
        try
        {
            files = publisher.Write(resources);
        }
        catch (InvalidOperationException e)
        {
            output.Info($"Cannot publish: {e.Message}");
            return 1;
        }

        var directory = Path.GetFullPath(options.OutputPath);
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path) || File.ReadAllText(path) != text)
            {
                File.WriteAllText(path, text);
            }
        }

        output.Info($"Published {files.Count} files for {options.Publisher.ToLowerInvariant()} to {directory}: {string.Join(", ", files.Keys)}");
        return 0;
    }
}
