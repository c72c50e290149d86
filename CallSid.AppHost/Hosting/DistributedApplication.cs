using System.Diagnostics;
using System.Runtime.InteropServices;
using CallSid.Hosting.Postgres;
using CallSid.Hosting.Processes;
using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost.Hosting;

/// <summary>Runs the resources in dependency order, keeps them running, and stops them all on Ctrl+C or SIGTERM.</summary>
public sealed class DistributedApplication
{
    private readonly List<Resource> _resources;
    private readonly IConfiguration _configuration;
    private readonly DistributedApplicationBuilder _builder;
    private readonly ConsoleOutput _output = new();

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        _resources = builder.Resources;
        _configuration = builder.Configuration;
        foreach (var snapshot in _resources.SelectMany(resource => resource.Snapshots()))
        {
            _output.Register(snapshot.Name);
        }
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    /// <summary>Runs until Ctrl+C or SIGTERM; the process exit code is 1 when start-up failed.</summary>
    public async Task RunAsync()
    {
        // `publish --publisher kubernetes|compose --output-path DIR`: the same graph, written out instead of run.
        if (DistributedApplicationExecutionContext.From(_configuration).IsPublishMode)
        {
            Environment.ExitCode = Publishing.ManifestPublisher.Publish(_resources, _configuration, _output);
            return;
        }

        if (await PreflightAsync() is { } problem)
        {
            _output.Info(problem);
            Environment.ExitCode = 1;
            return;
        }

        using var shutdown = new CancellationTokenSource();
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        void Stop(PosixSignalContext signal)
        {
            if (shutdown.IsCancellationRequested)
            {
                // A second Ctrl+C: exit now; the watchdogs stop whatever is still running within a second or so.
                _output.Info($"{signal.Signal} received again; exiting without waiting");
                return;
            }

            signal.Cancel = true; // we stop the children first, then exit
            _output.Info($"{signal.Signal} received; stopping");
            shutdown.Cancel();
        }

        var clock = Stopwatch.StartNew();
        var supervision = _configuration.GetSection(SupervisionOptions.SectionName).Get<SupervisionOptions>() ?? new SupervisionOptions();
        var context = new ResourceContext(_output, supervision, shutdown.Token);
        await using var resourceService = await StartDashboardAsync(context);
        var system = _resources.Where(resource => resource is not ProjectResource { IsDashboard: true }).ToList();
        var runs = system.Select(resource => RunAsync(resource, context)).ToList();
        var exitCode = 0;
        try
        {
            await Task.WhenAll(system.Select(r => r.Ready.Task)).WaitAsync(shutdown.Token);
            _output.Table(system.SelectMany(r => r.Snapshots()));
            if (_builder.Dashboard is { } dashboard && resourceService is not null)
            {
                _output.Info($"Dashboard: {dashboard.LoginUrl}");
            }

            _output.Info($"CallSid is ready in {clock.Elapsed.TotalSeconds:0.0} s. Ctrl+C stops everything.");
            await Task.Delay(Timeout.Infinite, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
        }
        catch (Exception)
        {
            var failed = _resources.Where(r => r.State == ResourceState.Failed).Select(r => r.Name);
            _output.Info($"Start-up stopped: {string.Join(", ", failed)} failed.");
            exitCode = 1;
        }

        await shutdown.CancelAsync(); // also after a failed start-up: no supervisor may start anything again while we stop
        await StopAllAsync();
        await Task.WhenAll(runs);
        Environment.ExitCode = exitCode;
    }

    /// <summary>
    /// The resource service and then the dashboard, before anything else, so every service's telemetry from its first
    /// line has somewhere to go. A dashboard that fails to start is reported; the system runs without it.
    /// </summary>
    private async Task<ResourceService?> StartDashboardAsync(ResourceContext context)
    {
        if (_resources.OfType<ProjectResource>().FirstOrDefault(p => p.IsDashboard) is not { } dashboard || _builder.Dashboard is not { } settings)
        {
            return null;
        }

        var service = new ResourceService(new ResourceCatalog(_resources), _output, settings.ResourceServiceApiKey);
        await service.StartAsync();
        _builder.ResourceServiceUrl = service.Url;
        await RunAsync(dashboard, context);
        if (!dashboard.Ready.Task.IsCompletedSuccessfully)
        {
            _output.Info("The dashboard did not start; the system runs without it.");
            await service.DisposeAsync();
            return null;
        }

        return service;
    }

    /// <summary>
    /// Problems that would fail half-way through, found before anything starts: one clear line. A PostgreSQL server
    /// left running on our data directory (by an AppHost that was killed) is ours, so it is stopped, not reported.
    /// </summary>
    private async Task<string?> PreflightAsync()
    {
        foreach (var postgres in _resources.OfType<LocalPostgresResource>())
        {
            try
            {
                PostgresCluster.FindBinDirectory(postgres.BinDirectory);
                await postgres.StopLeftoverServerAsync(line => _output.Line(postgres.Name, line), CancellationToken.None);
            }
            catch (PostgresNotInstalledException e)
            {
                return e.Message;
            }
        }

        foreach (var resource in _resources)
        {
            foreach (var port in resource.Ports)
            {
                if (!PortAllocator.IsFree(port))
                {
                    return $"Port {port} ({resource.Name}) is already in use: stop what listens there, or choose another port with {PortSetting(port)}.";
                }
            }
        }

        return null;
    }

    /// <summary>The <c>AppHost:Ports:*</c> setting a port came from, to name in a message.</summary>
    private string PortSetting(int port) =>
        _configuration.GetSection("AppHost:Ports").GetChildren().FirstOrDefault(setting => setting.Value == port.ToString())?.Path
        ?? "the AppHost:Ports settings";

    private async Task RunAsync(Resource resource, ResourceContext context)
    {
        try
        {
            foreach (var (dependency, _) in resource.WaitsFor)
            {
                try
                {
                    await dependency.Ready.Task.WaitAsync(context.Shutdown);
                }
                catch (Exception) when (!context.Shutdown.IsCancellationRequested)
                {
                    resource.State = ResourceState.NotStarted;
                    resource.Detail = $"{dependency.Name} failed";
                    throw;
                }
            }

            resource.State = ResourceState.Starting;
            await resource.StartAsync(context, context.Shutdown);
            var state = resource.Status.Health is ResourceHealth.Healthy ? "healthy" : resource.State.ToString().ToLowerInvariant();
            _output.Info($"{resource.Name} is {state}{(resource.Detail.Length > 0 ? $": {resource.Detail}" : string.Empty)}");
            resource.Ready.TrySetResult();
        }
        catch (OperationCanceledException) when (context.Shutdown.IsCancellationRequested)
        {
            resource.Ready.TrySetCanceled();
        }
        catch (Exception e)
        {
            if (resource.State != ResourceState.NotStarted)
            {
                resource.State = ResourceState.Failed;
                resource.Detail = e.Message.Split(System.Environment.NewLine)[0];
                _output.Info($"{resource.Name} failed: {e.Message}");
            }

            resource.Ready.TrySetException(e);
        }
    }

    /// <summary>Dependents first: the edge before the services, the services before the database; the dashboard, added first, last.</summary>
    private async Task StopAllAsync()
    {
        foreach (var resource in StopOrder())
        {
            if (resource.State is ResourceState.Waiting or ResourceState.NotStarted)
            {
                continue;
            }

            resource.State = ResourceState.Stopping;
            try
            {
                await resource.StopAsync();
            }
            catch (Exception e)
            {
                _output.Info($"{resource.Name} did not stop cleanly: {e.Message}");
            }

            resource.State = ResourceState.Stopped;
        }

        _output.Info("Stopped.");
    }

    private List<Resource> StopOrder()
    {
        var ordered = new List<Resource>();
        var visited = new HashSet<Resource>();
        void Visit(Resource resource)
        {
            if (!visited.Add(resource))
            {
                return;
            }

            foreach (var (dependency, _) in resource.WaitsFor)
            {
                Visit(dependency);
            }

            ordered.Add(resource);
        }

        _resources.ForEach(Visit);
        ordered.Reverse();
        return ordered;
    }
}
