using System.Diagnostics;
using CallSid.Hosting.Processes;

namespace CallSid.AppHost.Hosting;

/// <summary>
/// One process of a project (a replica): started, waited for until its <c>/health</c> answers, restarted with a
/// back-off that never gives up when it exits on its own, and stopped, started or restarted on command.
/// </summary>
public sealed class ProjectInstance
{
    private readonly ProjectResource _project;
    private readonly SemaphoreSlim _commands = new(1, 1);
    private readonly Lock _processLock = new();
    private ResourceContext? _context;
    private Process? _process;
    private Task _supervision = Task.CompletedTask;
    private volatile bool _stopRequested;
    private CancellationTokenSource _stopping = new(); // cancelled by Stop: ends a back-off or a start in progress at once
    private IReadOnlyList<EnvironmentVariableSnapshot> _environment = [];

    internal ProjectInstance(ProjectResource project, int index, int? port)
    {
        _project = project;
        Index = index;
        Port = port;
        Name = project.Replicas > 1 ? $"{project.Name}-{index}" : project.Name;
    }

    /// <summary>The instance's name in logs and on the dashboard: the project's, or <c>{project}-{index}</c> for replicas.</summary>
    public string Name { get; }

    public int Index { get; }

    /// <summary>Its <c>service.instance.id</c> in telemetry.</summary>
    public string InstanceId => $"{_project.Name}-{Index}";

    public int? Port { get; }

    public Uri Url => Port is { } port ? new Uri($"http://127.0.0.1:{port}") : throw new InvalidOperationException($"{Name} has no HTTP endpoint.");

    public ResourceStatus Status { get; } = new();

    internal ResourceSnapshot Snapshot() => ResourceSnapshot.Of(
        _project, Name, Status, InstanceId,
        Port is null ? [] : [new ResourceEndpoint("http", Url.ToString().TrimEnd('/'))],
        _environment,
        _project.IsJob ? [] : ["stop", "start", "restart"]);

    /// <summary>First start: a service until it is healthy (then supervised), a job until it exits with code 0.</summary>
    internal async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var process = Launch(context);
        if (_project.IsJob)
        {
            await process.WaitForExitAsync(cancellationToken);
            Status.Exited(process.ExitCode);
            if (process.ExitCode != 0)
            {
                throw new ResourceFailedException($"exited with code {process.ExitCode}. Its last lines:{Environment.NewLine}{RecentOutput()}");
            }

            Status.State = ResourceState.Finished;
            Status.Detail = "exit code 0";
            return;
        }

        await WaitUntilHealthyAsync(process, cancellationToken);
        _supervision = SuperviseAsync(process, context);
    }

    /// <summary>Stops the process (SIGTERM, then the hard way) and keeps it stopped.</summary>
    internal async Task StopAsync()
    {
        _stopRequested = true;
        await _stopping.CancelAsync();
        await StopProcessAsync();
        await _supervision;
    }

    /// <summary>The dashboard's Stop: the process ends and stays down until Start.</summary>
    public Task StopCommandAsync() => RunCommandAsync(async () =>
    {
        if (Status.State is ResourceState.Stopped)
        {
            throw new InvalidOperationException($"{Name} is already stopped.");
        }

        Status.State = ResourceState.Stopping;
        await StopAsync();
        Status.State = ResourceState.Stopped;
        Status.Detail = $"stopped by command; exit code {Status.ExitCode}";
    });

    /// <summary>The dashboard's Start: a stopped (or failed) instance runs again, supervised.</summary>
    public Task StartCommandAsync() => RunCommandAsync(async () =>
    {
        if (Status.State is not (ResourceState.Stopped or ResourceState.Failed))
        {
            throw new InvalidOperationException($"{Name} is {Status.State.ToString().ToLowerInvariant()}; only a stopped instance can be started.");
        }

        await StartAgainAsync();
    });

    /// <summary>The dashboard's Restart: stop, then start again; counts as a restart.</summary>
    public Task RestartCommandAsync() => RunCommandAsync(async () =>
    {
        Status.State = ResourceState.Stopping;
        await StopAsync();
        Status.RestartCount++;
        await StartAgainAsync();
    });

    private async Task StartAgainAsync()
    {
        var context = _context ?? throw new InvalidOperationException($"{Name} has not started yet.");
        _stopping.Dispose();
        _stopping = new CancellationTokenSource();
        _stopRequested = false;
        var process = Launch(context);
        try
        {
            await WaitUntilHealthyAsync(process, context.Shutdown);
        }
        catch (ResourceFailedException e)
        {
            await StopProcessAsync();
            Status.State = ResourceState.Failed;
            Status.Detail = e.Message.Split(Environment.NewLine)[0];
            throw;
        }

        _supervision = SuperviseAsync(process, context);
    }

    private async Task RunCommandAsync(Func<Task> command)
    {
        if (_project.IsJob)
        {
            throw new InvalidOperationException($"{Name} is a one-shot job; it takes no commands.");
        }

        await _commands.WaitAsync();
        try
        {
            await command();
        }
        finally
        {
            _commands.Release();
        }
    }

    private Process Launch(ResourceContext context)
    {
        var start = _project.DescribeProcess(this, out _environment);
        var process = ChildProcess.Start(start, (line, isError) =>
        {
            Status.Console.Add(line, isError);
            context.Output.Line(Name, line);
        });
        ProcessWatchdog.Guard(process.Id, Posix.SigTerm);
        lock (_processLock)
        {
            _process = process;
        }

        Status.Started(process.Id);
        Status.Detail = $"pid {process.Id}";
        return process;
    }

    private async Task WaitUntilHealthyAsync(Process process, CancellationToken cancellationToken)
    {
        var timeout = _context!.Supervision.StartTimeout;
        var health = new Uri(Url, "/health");
        try
        {
            await Readiness.WaitAsync(
                async token => process.HasExited
                    ? throw new ResourceFailedException($"exited with code {process.ExitCode} before it was healthy. Its last lines:{Environment.NewLine}{RecentOutput()}")
                    : await HealthProblemAsync(token),
                timeout,
                TimeSpan.FromMilliseconds(200),
                cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new ResourceFailedException($"was not healthy within {timeout.TotalSeconds:0} s ({health}). Its last lines:{Environment.NewLine}{RecentOutput()}");
        }

        Status.State = ResourceState.Running;
        Status.Health = ResourceHealth.Healthy;
        Status.Detail = Url.ToString().TrimEnd('/');
    }

    /// <summary>Null when <c>/health</c> answers 200; otherwise what it said.</summary>
    internal async Task<string?> HealthProblemAsync(CancellationToken cancellationToken)
    {
        var health = new Uri(Url, "/health");
        try
        {
            using var response = await _project.HealthClient.GetAsync(health, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"{health} answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"{health} did not answer"; // not listening (yet)
        }
    }

    /// <summary>
    /// While the instance runs: its health is checked now and then, and when it exits on its own it is started again
    /// after a back-off (<see cref="RestartBackoff"/>), for as long as the AppHost runs.
    /// </summary>
    private async Task SuperviseAsync(Process process, ResourceContext context)
    {
        var backoff = new RestartBackoff(context.Supervision);
        backoff.Up();
        using var stopOrShutdown = CancellationTokenSource.CreateLinkedTokenSource(context.Shutdown, _stopping.Token);
        while (true)
        {
            await WatchHealthUntilExitAsync(process, context);
            Status.Exited(process.ExitCode);
            if (_stopRequested || context.Shutdown.IsCancellationRequested)
            {
                Status.State = ResourceState.Stopped;
                Status.Detail = $"exit code {process.ExitCode}";
                return;
            }

            var delay = backoff.NextDelay();
            var crashLoop = backoff.IsCrashLooping ? $" (crash loop: {backoff.ExitsInARow} exits in a row)" : string.Empty;
            Status.State = ResourceState.Restarting;
            Status.Detail = $"exit code {process.ExitCode}; restarting in {delay.TotalSeconds:0} s{crashLoop}";
            context.Output.Info($"{Name} exited unexpectedly with code {process.ExitCode}; restarting in {delay.TotalSeconds:0} s{crashLoop}");
            try
            {
                await Task.Delay(delay, stopOrShutdown.Token);
                Status.RestartCount++;
                process = Launch(context);
                await WaitUntilHealthyAsync(process, stopOrShutdown.Token);
                backoff.Up();
                context.Output.Info($"{Name} is healthy again");
            }
            catch (OperationCanceledException)
            {
                // Stopped or shutting down during the back-off or the start: a process launched meanwhile goes too.
                await StopProcessAsync();
                Status.State = ResourceState.Stopped;
                return;
            }
            catch (ResourceFailedException e)
            {
                // Exited, or running but never healthy: either way it is stopped and the next round waits longer.
                context.Output.Info($"{Name} {e.Message}");
                await StopProcessAsync();
            }
        }
    }

    private async Task WatchHealthUntilExitAsync(Process process, ResourceContext context)
    {
        var exited = process.WaitForExitAsync();
        while (!exited.IsCompleted)
        {
            await Task.WhenAny(exited, Task.Delay(context.Supervision.HealthProbeInterval, context.Shutdown));
            if (!exited.IsCompleted && !context.Shutdown.IsCancellationRequested)
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                Status.Health = await HealthProblemAsync(probe.Token) is null ? ResourceHealth.Healthy : ResourceHealth.Unhealthy;
            }
            else if (context.Shutdown.IsCancellationRequested)
            {
                await exited;
            }
        }
    }

    private async Task StopProcessAsync()
    {
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

    private string RecentOutput() => "    " + Status.Console.Tail(30, Environment.NewLine + "    ");
}
