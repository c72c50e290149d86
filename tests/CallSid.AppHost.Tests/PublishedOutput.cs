using CallSid.Testing;
using YamlDotNet.Serialization;

namespace CallSid.AppHost.Tests;

/// <summary>
/// What <c>dotnet CallSid.AppHost.dll publish --publisher X --output-path DIR</c> wrote, read back: the files' text
/// and their YAML documents as plain maps and lists.
/// </summary>
public sealed class PublishedOutput : IDisposable
{
    /// <summary>The ElevenLabs agent a publish needs, as the README's refresh command and the checked-in copy use them.</summary>
    public static readonly Dictionary<string, string> ExampleAgent = new()
    {
        ["ElevenLabs__AgentId"] = "agent_example",
        ["ElevenLabs__AgentPhoneNumberId"] = "phnum_example",
    };

    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    private PublishedOutput(string directory, string output)
    {
        Directory = directory;
        Output = output;
        Files = System.IO.Directory.EnumerateFiles(directory)
            .ToDictionary(path => Path.GetFileName(path), File.ReadAllText);
    }

    /// <summary>The repository's root (where README.md and deploy/ are).</summary>
    public static string RepositoryRoot { get; } = Path.GetDirectoryName(Path.GetDirectoryName(new Projects.CallSid_AppHost().ProjectPath))!;

    public string Directory { get; }

    public string Output { get; }

    public Dictionary<string, string> Files { get; }

    /// <summary>Every YAML document of every .yaml file.</summary>
    public List<Dictionary<object, object>> Documents =>
        Files.Where(f => f.Key.EndsWith(".yaml", StringComparison.Ordinal))
            .SelectMany(f => f.Value.Split("\n---\n"))
            .Select(document => Yaml.Deserialize<Dictionary<object, object>>(document))
            .ToList();

    public static async Task<PublishedOutput> PublishAsync(string publisher, IReadOnlyDictionary<string, string> environment)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"callsid-publish-{Guid.NewGuid():N}");
        var result = await ProjectProcess.RunAsync<Projects.CallSid_AppHost>(
            ["publish", "--publisher", publisher, "--output-path", directory], environment, TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == 0, $"publish exited with {result.ExitCode}:\n{result.Output}");
        return new PublishedOutput(directory, result.Output);
    }

    public IEnumerable<Dictionary<object, object>> OfKind(string kind) => Documents.Where(d => Text(d, "kind") == kind);

    public static object? At(object? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is Dictionary<object, object> map && map.TryGetValue(key, out var value) ? value : null;
        }

        return node;
    }

    public static string? Text(object? node, params string[] path) => At(node, path) as string;

    public static List<object> List(object? node, params string[] path) => At(node, path) as List<object> ?? [];

    public static Dictionary<object, object> MapAt(object? node, params string[] path) => At(node, path) as Dictionary<object, object> ?? [];

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
