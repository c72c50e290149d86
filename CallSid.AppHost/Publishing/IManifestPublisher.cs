namespace CallSid.AppHost.Publishing;

/// <summary>Writes the graph for one orchestrator: file names (relative to the output path) and their text.</summary>
public interface IManifestPublisher
{
    IReadOnlyDictionary<string, string> Write(IReadOnlyList<PublishedProject> projects, DistributedApplicationModel model);
}
