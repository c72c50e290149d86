using System.Text;
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
    public static SortedDictionary<string, object> Map(params (string Key, object? Value)[] entries)
    {
        var map = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            if (value is not null)
            {
                map.Add(key, value);
            }
        }

        return map;
    }

    /// <summary>One file of one or more documents, separated by <c>---</c>, with Unix line ends.</summary>
    public static string Documents(IEnumerable<object> documents, string? header = null)
    {
        var text = new StringBuilder();
        if (header is not null)
        {
            foreach (var line in header.Split('\n'))
            {
                text.Append("# ").Append(line).Append('\n');
            }
        }

        var first = true;
        foreach (var document in documents)
        {
            if (!first)
            {
                text.Append("---\n");
            }

            text.Append(Serializer.Serialize(document).ReplaceLineEndings("\n"));
            first = false;
        }

        return text.ToString();
    }
}
