using System.Diagnostics;
using System.Reflection;
using YamlDotNet.Serialization;

namespace CallSid.AppHost.Tests;

/// <summary>
/// What <c>dotnet CallSid.AppHost.dll publish --publisher X --output-path DIR</c> wrote, read back: the files' text
/// and their YAML documents as plain maps and lists. The AppHost runs as its own process, from its build output.
/// </summary>
public sealed class PublishedOutput : IDisposable
{
    /// <summary>The ElevenLabs agent a publish needs, as docs/publishing.md's refresh command and the checked-in copy use them.</summary>
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

    /// <summary>The repository's root (where CallSid.sln and deploy/ are).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

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
        var (exitCode, output) = await RunAppHostAsync(["publish", "--publisher", publisher, "--output-path", directory], environment);
        Assert.True(exitCode == 0, $"publish exited with {exitCode}:\n{output}");
        return new PublishedOutput(directory, output);
    }

    /// <summary>
    /// <c>dotnet CallSid.AppHost.dll ARGS</c> from the AppHost's build output (the configuration this test was built in),
    /// in the AppHost's project directory as <c>dotnet run --project</c> starts it (its appsettings.json is read from there),
    /// with <paramref name="environment"/> instead of this process's own settings of the graph.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAppHostAsync(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var configuration = typeof(PublishedOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var projectDirectory = Path.Combine(RepositoryRoot, "CallSid.AppHost");
        var dll = Path.Combine(projectDirectory, "bin", configuration, "net10.0", "CallSid.AppHost.dll");
        Assert.True(File.Exists(dll), $"{dll} does not exist; build CallSid.AppHost ({configuration}) first.");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = projectDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        args.ToList().ForEach(start.ArgumentList.Add);
        foreach (var key in start.Environment.Keys.Where(k => k.Split("__")[0] is "ElevenLabs" or "Webhooks" or "Emulator" or "ConnectionStrings" or "AppHost" or "Database" or "Publishing").ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', args)} did not exit within 120 s:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
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

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallSid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CallSid.sln above {AppContext.BaseDirectory}.");
    }
}
