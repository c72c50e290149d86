using System.Diagnostics;
using CallSid.Hosting.Processes;
using CallSid.Hosting.Projects;

namespace CallSid.AppHost.Hosting;

/// <summary>
/// One of our projects, run from its build output (<c>dotnet {assembly}</c>) as one process per replica
/// (<see cref="ProjectInstance"/>). A service is ready when every replica's <c>/health</c> answers 200; a job
/// (<see cref="IsJob"/>) is ready when it exits with code 0.
/// </summary>
public sealed class ProjectResource(string name, IProjectMetadata project) : Resource(name)
{
    /// <summary>Settings the AppHost hands out itself; a child never inherits them from the AppHost's environment.</summary>
    private static readonly string[] ManagedPrefixes =
        ["ConnectionStrings__", "services__", "Webhooks__", "ElevenLabs__", "Emulator__", "AppHost__", "OTEL_", "ASPNETCORE_URLS", "Database__", "Dashboard__"];

    private List<ProjectInstance>? _instances;

    public override string Type => "Project";

    public IProjectMetadata Project { get; } = project;

    public string AssemblyPath => Project.AssemblyPath;

    /// <summary>The first replica's port; further replicas get free ports of their own.</summary>
    public int? Port { get; internal set; }

    /// <summary>Processes of this project that run side by side, each on its own port (Aspire's <c>WithReplicas</c>).</summary>
    public int Replicas { get; internal set; } = 1;

    /// <summary>Runs to completion instead of serving (the migrations).</summary>
    public bool IsJob { get; internal set; }

    /// <summary>The SRE dashboard: started before everything else, not shown among the resources, not exporting to itself.</summary>
    public bool IsDashboard { get; internal set; }

    /// <summary>Ports the project listens on besides its HTTP endpoint (the dashboard's OTLP receiver), checked before start.</summary>
    internal List<int> AdditionalPorts { get; } = [];

    /// <summary>Reached from outside the system (Aspire's <c>WithExternalHttpEndpoints</c>): a published graph exposes only these.</summary>
    public bool IsExternal { get; internal set; }

    public IReadOnlyList<ProjectInstance> Instances => _instances ??= CreateInstances();

    /// <summary>The first replica's address.</summary>
    public Uri Url => Instances[0].Url;

    /// <summary>Settings handed to every process, resolved when it starts (after what it waits for is ready).</summary>
    internal List<EnvironmentVariable> Environment { get; } = [];

    /// <summary>Services this one reaches by name: <c>services__{name}__http__{i}</c> for each of their replicas.</summary>
    internal List<ProjectResource> ServiceReferences { get; } = [];

    internal HttpClient HealthClient { get; } = new() { Timeout = TimeSpan.FromSeconds(2) };

    internal override IEnumerable<int> Ports => Instances.Select(i => i.Port).OfType<int>().Concat(AdditionalPorts);

    internal override IEnumerable<ResourceSnapshot> Snapshots() => Instances.Select(i => i.Snapshot());

    internal override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new ResourceFailedException($"{AssemblyPath} does not exist; build the solution first (dotnet build CallSid.sln).");
        }

        State = ResourceState.Starting;
        await Task.WhenAll(Instances.Select(instance => instance.StartAsync(context, cancellationToken)));
        State = IsJob ? ResourceState.Finished : ResourceState.Running;
        Status.Health = IsJob ? null : ResourceHealth.Healthy;
        Detail = IsJob ? "exit code 0" : string.Join(", ", Instances.Select(i => i.Url.ToString().TrimEnd('/')));
    }

    internal override Task StopAsync() => Task.WhenAll(Instances.Select(instance => instance.StopAsync()));

    /// <summary>How <paramref name="instance"/>'s process is started, and the settings it gets as the AppHost shows them.</summary>
    internal ProcessStartInfo DescribeProcess(ProjectInstance instance, out IReadOnlyList<EnvironmentVariableSnapshot> shown)
    {
        var start = ChildProcess.Describe(DotnetHost.Path, [AssemblyPath], Path.GetDirectoryName(AssemblyPath));
        foreach (var key in start.Environment.Keys.Where(k => ManagedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        var settings = new List<EnvironmentVariableSnapshot>();
        void Set(string key, string? value, bool isSecret = false)
        {
            if (value is not null)
            {
                start.Environment[key] = value;
                settings.RemoveAll(setting => setting.Name == key); // set twice: the last value is the one the process gets
                settings.Add(new EnvironmentVariableSnapshot(key, isSecret ? null : value, isSecret));
            }
        }

        Set("DOTNET_ENVIRONMENT", "Development");
        Set("ASPNETCORE_ENVIRONMENT", "Development");
        // One line per log entry reads best behind the AppHost's "[name]" prefix.
        Set("Logging__Console__FormatterName", "simple");
        Set("Logging__Console__FormatterOptions__SingleLine", "true");
        Set("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={instance.InstanceId}");
        if (instance.Port is { } port)
        {
            Set("ASPNETCORE_URLS", $"http://127.0.0.1:{port}");
        }

        foreach (var service in ServiceReferences)
        {
            foreach (var replica in service.Instances)
            {
                Set($"services__{service.Name}__http__{replica.Index}", replica.Url.ToString());
            }
        }

        foreach (var variable in Environment)
        {
            Set(variable.Name, variable.Value(), variable.IsSecret);
        }

        shown = settings;
        return start;
    }

    private List<ProjectInstance> CreateInstances() =>
        Enumerable.Range(0, IsJob ? 1 : Replicas)
            .Select(index => new ProjectInstance(this, index, index == 0 ? Port : Port is null ? null : PortAllocator.GetFreePort()))
            .ToList();
}
