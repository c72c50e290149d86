using CallSid.Testing;
using System.Diagnostics;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// A second edge process beside the AppHost's, with the same build and environment (read from /proc) plus a few
/// variables of its own (runtime knobs such as <c>DOTNET_gcServer=0</c>), on its own port, in front of the same
/// Transcripts: two edge configurations compared in the same run, on the same backends.
/// </summary>
public sealed class EdgeVariant : IAsyncDisposable
{
    private readonly Process _process;

    private EdgeVariant(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    /// <param name="assembly">Another build of the edge to run instead of the AppHost's (null: the same).</param>
    public static async Task<EdgeVariant> StartAsync(SystemUnderTest system, IReadOnlyDictionary<string, string> variables, string? assembly, CancellationToken cancellationToken)
    {
        var edge = system.Processes["edge"];
        var commandLine = File.ReadAllText($"/proc/{edge}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        if (assembly is not null)
        {
            if (!File.Exists(assembly))
            {
                throw new FileNotFoundException($"No edge build at {assembly}.");
            }

            // A Release run starts the edge as its native apphost (one word); a .dll then needs the dotnet host.
            commandLine = commandLine.Length == 1 && assembly.EndsWith(".dll", StringComparison.Ordinal)
                ? ["dotnet", assembly]
                : [.. commandLine[..^1], assembly];
        }

        var start = ChildProcess.Describe(commandLine[0], commandLine[1..], Path.GetDirectoryName(commandLine[^1]));
        start.Environment.Clear();
        foreach (var entry in File.ReadAllText($"/proc/{edge}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('=', 2);
            start.Environment[parts[0]] = parts.Length == 2 ? parts[1] : string.Empty;
        }

        var port = PortAllocator.GetFreePort();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        var output = new RecentLines(30);
        var process = ChildProcess.Start(start, output.Add);
        ProcessWatchdog.Guard(process.Id, Posix.SigTerm);
        var variant = new EdgeVariant(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Readiness.WaitAsync(
                async token =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"The edge variant exited with code {process.ExitCode}:{Environment.NewLine}{output.Join(Environment.NewLine)}");
                    }

                    try
                    {
                        using var health = await http.GetAsync(new Uri(variant.Url, "/health"), token);
                        if (health.IsSuccessStatusCode)
                        {
                            return null;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !token.IsCancellationRequested))
                    {
                        // not listening yet, or too busy to answer within 2 s
                    }

                    return $"The edge variant was not healthy within a minute:{Environment.NewLine}{output.Join(Environment.NewLine)}";
                },
                TimeSpan.FromMinutes(1),
                TimeSpan.FromMilliseconds(100),
                cancellationToken);
            return variant;
        }
        catch
        {
            await variant.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process, Posix.SigTerm, TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
