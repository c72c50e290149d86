using System.Diagnostics;
using CallSid.Hosting.Processes;
using CallSid.Hosting.Projects;

namespace CallSid.AppHost.Hosting;

/// <summary>
/// One of our projects, run as its own process from its build output (<c>dotnet {assembly}</c>). A service is ready
/// when its <c>/health</c> answers 200 and is restarted if it dies later; a job (<see cref="IsJob"/>) is ready when it
/// exits with code 0.
/// </summary>
public sealed class ProjectResource(string name, IProjectMetadata project) : Resource(name)
{
    private const int MaxRestarts = 3;

    /// <summary>Settings the AppHost hands out itself; a child never inherits them from the AppHost's environment.</summary>
    private static readonly string[] ManagedPrefixes =
        ["ConnectionStrings__", "services__", "Webhooks__", "ElevenLabs__", "Emulator__", "AppHost__", "OTEL_", "ASPNETCORE_URLS", "Database__"];

    private readonly RecentLines _recentOutput = new(30);
    private readonly Lock _processLock = new();
    private Process? _process;
    private volatile bool _stopping;

    public string AssemblyPath { get; } = project.AssemblyPath;

    public int? Port { get; internal set; }

    public Uri Url => Port is { } port ? new Uri($"http://127.0.0.1:{port}") : throw new InvalidOperationException($"{Name} has no HTTP endpoint.");

    /// <summary>Runs to completion instead of serving (the migrations).</summary>
    public bool IsJob { get; internal set; }

    public TimeSpan StartTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Settings handed to the process, resolved when it starts (after what it waits for is ready).</summary>
    internal List<EnvironmentVariable> Environment { get; } = [];

    internal override IEnumerable<int> Ports => Port is { } port ? [port] : [];

    internal override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new ResourceFailedException($"{AssemblyPath} does not exist; build the solution first (dotnet build CallSid.sln).");
        }

        var process = Launch(context);
        if (IsJob)
        {
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new ResourceFailedException($"exited with code {process.ExitCode}. Its last lines:{System.Environment.NewLine}{RecentOutput()}");
            }

            State = ResourceState.Completed;
            Detail = "exit code 0";
            return;
        }

        await WaitUntilHealthyAsync(process, cancellationToken);
        _ = SuperviseAsync(process, context);
    }

    internal override async Task StopAsync()
    {
        _stopping = true;
        Process? process;
        lock (_processLock)
        {
            process = _process;
        }

        if (process is not null)
        {
            await ChildProcess.StopAsync(process, Posix.SigTerm, TimeSpan.FromSeconds(10));
        }
    }

    private Process Launch(ResourceContext context)
    {
        var start = ChildProcess.Describe(DotnetHost.Path, [AssemblyPath], Path.GetDirectoryName(AssemblyPath));
        foreach (var key in start.Environment.Keys.Where(k => ManagedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // One line per log entry reads best behind the AppHost's "[name]" prefix.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        if (Port is { } port)
        {
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        }

        foreach (var variable in Environment)
        {
            if (variable.Value() is { } resolved)
            {
                start.Environment[variable.Name] = resolved;
            }
        }

        var process = ChildProcess.Start(start, line =>
        {
            _recentOutput.Add(line);
            context.Output.Line(Name, line);
        });
        ProcessWatchdog.Guard(process.Id, Posix.SigTerm);
        lock (_processLock)
        {
            _process = process;
        }

        State = ResourceState.Starting;
        Detail = $"pid {process.Id}";
        return process;
    }

    private async Task WaitUntilHealthyAsync(Process process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri(Url, "/health");
        try
        {
            await Readiness.WaitAsync(
                async token =>
                {
                    if (process.HasExited)
                    {
                        throw new ResourceFailedException($"exited with code {process.ExitCode} before it was healthy. Its last lines:{System.Environment.NewLine}{RecentOutput()}");
                    }

                    try
                    {
                        using var response = await http.GetAsync(health, token);
                        return response.IsSuccessStatusCode ? null : $"{health} answered {(int)response.StatusCode}";
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                    {
                        return $"{health} did not answer"; // not listening yet
                    }
                },
                StartTimeout,
                TimeSpan.FromMilliseconds(200),
                cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new ResourceFailedException($"was not healthy within {StartTimeout.TotalSeconds:0} s ({health}). Its last lines:{System.Environment.NewLine}{RecentOutput()}");
        }

        State = ResourceState.Healthy;
        Detail = Url.ToString().TrimEnd('/');
    }

    /// <summary>A service that dies on its own is started again (a few times, with back-off) while the AppHost runs.</summary>
    private async Task SuperviseAsync(Process process, ResourceContext context)
    {
        for (var restarts = 0; ; restarts++)
        {
            await process.WaitForExitAsync();
            if (_stopping || context.Shutdown.IsCancellationRequested)
            {
                State = ResourceState.Stopped;
                Detail = $"exit code {process.ExitCode}";
                return;
            }

            if (restarts == MaxRestarts)
            {
                State = ResourceState.Failed;
                Detail = $"exit code {process.ExitCode}; gave up after {MaxRestarts} restarts";
                context.Output.Info($"{Name} exited with code {process.ExitCode} and has been restarted {MaxRestarts} times; leaving it stopped");
                return;
            }

            var delay = TimeSpan.FromSeconds(Math.Pow(2, restarts));
            State = ResourceState.Restarting;
            context.Output.Info($"{Name} exited unexpectedly with code {process.ExitCode}; restarting in {delay.TotalSeconds:0} s");
            try
            {
                await Task.Delay(delay, context.Shutdown);
                process = Launch(context);
                await WaitUntilHealthyAsync(process, context.Shutdown);
                context.Output.Info($"{Name} is healthy again");
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ResourceFailedException e)
            {
                context.Output.Info($"{Name} {e.Message}");
            }
        }
    }

    private string RecentOutput() => "    " + _recentOutput.Join(System.Environment.NewLine + "    ");
}
