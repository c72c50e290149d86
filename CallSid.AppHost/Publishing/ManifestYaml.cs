using YamlDotNet.Serialization;

namespace CallSid.AppHost.Publishing;

/// <summary>
/// YAML as publishers write it: mappings with their keys in ordinal order (as <c>kubectl get -o yaml</c> prints
/// them), lists in the order the publisher gives, strings quoted wherever YAML would read them as something else
/// (<c>"8080"</c>, <c>"true"</c>), no timestamps: the same graph gives the same bytes.
/// </summary>
public static class ManifestYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .WithIndentedSequences()
        .DisableAliases()
        .Build();

    /// <summary>A mapping of the entries whose value is not null.</summary>
    public static SortedDictionary<string, object> Map(params (string Key, object? Value)[] entries) =>
        new(entries.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!), StringComparer.Ordinal);

    /// <summary>One file of one or more documents, separated by <c>---</c>, with Unix line ends, under a commented header.</summary>
    public static string Documents(IEnumerable<object> documents, string header) =>
        string.Concat(header.Split('\n').Select(line => $"# {line}\n"))
        + string.Join("---\n", documents.Select(document => Serializer.Serialize(document).ReplaceLineEndings("\n")));
}
