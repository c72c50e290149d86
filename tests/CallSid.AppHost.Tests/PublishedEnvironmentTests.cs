using CallSid.Testing;
using static CallSid.AppHost.Tests.PublishedOutput;

namespace CallSid.AppHost.Tests;

/// <summary>
/// The published graph hands each service the settings the local AppHost hands its process: the same keys, read
/// from the real processes of a local run shaped like production (a real ElevenLabs key, an external database).
/// </summary>
public sealed class PublishedEnvironmentTests(PostgresClusterFixture cluster) : IDisposable
{
    /// <summary>Settings the AppHost hands out itself (never inherited from its own environment; see ProjectResource).</summary>
    private static readonly string[] ManagedPrefixes =
        ["ConnectionStrings__", "services__", "Webhooks__", "ElevenLabs__", "Emulator__", "AppHost__", "OTEL_", "ASPNETCORE_URLS", "Database__", "Dashboard__"];

    /// <summary>The dashboard's faster export pacing: a local run's only, like its endpoint.</summary>
    private static readonly string[] LocalExportPacing = ["OTEL_BSP_SCHEDULE_DELAY", "OTEL_BLRP_SCHEDULE_DELAY", "OTEL_METRIC_EXPORT_INTERVAL"];

    private static readonly string[] Projects = ["CallSid.MigrationService", "CallSid.Calls", "CallSid.Transcripts", "CallSid.Edge"];

    private readonly LocalAppHost _appHost = new();

    [Fact]
    public async Task Every_published_service_gets_the_keys_the_local_AppHost_hands_its_process()
    {
        foreach (var (name, value) in ExampleAgent)
        {
            _appHost.Environment[name] = value;
        }

        _appHost.Environment["ElevenLabs__ApiKey"] = "a-key-elevenlabs-never-sees";
        _appHost.Environment["Webhooks__PostCallSecret"] = "a-post-call-secret";
        _appHost.Environment["ConnectionStrings__callsdb"] = await cluster.CreateEmptyDatabaseAsync();
        using var kubernetes = await PublishAsync("kubernetes", _appHost.Environment);
        using var compose = await PublishAsync("compose", _appHost.Environment);

        // The local run: each process's settings, read while it runs (the migrations only live for a moment).
        await using var host = _appHost.Start();
        var handed = new Dictionary<string, HashSet<string>>();
        await Readiness.WaitAsync(
            () =>
            {
                foreach (var project in Projects.Where(p => !handed.ContainsKey(p)))
                {
                    if (LocalAppHost.Children(host, $"{project}.dll").FirstOrDefault() is { Pid: > 0 } child
                        && ProcessTree.EnvironmentOf(child.Pid) is { Count: > 0 } environment)
                    {
                        handed[project] = HandedBy(ProcessTree.EnvironmentOf(host.Id), environment);
                    }
                }

                return handed.Count == Projects.Length ? null : $"not read yet: {string.Join(", ", Projects.Except(handed.Keys))}\n{host.Output}";
            },
            LocalAppHost.StartTimeout,
            TimeSpan.FromMilliseconds(20),
            TestContext.Current.CancellationToken);
        await host.WaitForAsync(LocalAppHost.Ready, LocalAppHost.StartTimeout);

        var composeServices = MapAt(compose.Documents.Single(), "services");
        foreach (var (project, service) in Projects.Zip(new[] { "migrations", "calls", "transcripts", "edge" }))
        {
            var manifest = kubernetes.Documents.Where(d => Text(d, "metadata", "name") == service && Text(d, "kind") is "Deployment" or "Job").Single();
            var container = Assert.Single(List(manifest, "spec", "template", "spec", "containers"));
            var configMap = kubernetes.OfKind("ConfigMap").Single(d => Text(d, "metadata", "name") == $"{service}-config");
            var kubernetesKeys = MapAt(configMap, "data").Keys.Cast<string>()
                .Concat(List(container, "env").Select(e => Text(e, "name")!))
                .Where(key => key != "POD_NAME") // Kubernetes' own plumbing for the instance id below
                .ToHashSet();
            var composeKeys = MapAt(composeServices[service], "environment").Keys.Cast<string>().ToHashSet();

            Assert.Equal(handed[project].Order(), kubernetesKeys.Order());
            // Compose has no per-container value for the instance id; each process's telemetry SDK makes its own.
            Assert.Equal(handed[project].Except(["OTEL_RESOURCE_ATTRIBUTES"]).Order(), composeKeys.Order());
        }

        Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(60)));
    }

    public void Dispose() => _appHost.Dispose();

    /// <summary>What the AppHost set for a child: its own settings, and whatever the child has that the AppHost's environment does not.</summary>
    /// <remarks>
    /// The local telemetry endpoint (<c>OTEL_EXPORTER_OTLP_*</c>: the AppHost's, or the dashboard's) and the dashboard's
    /// faster export pacing exist only in a local run; a published graph is pointed at a collector by the operator (README).
    /// </remarks>
    private static HashSet<string> HandedBy(Dictionary<string, string> appHost, Dictionary<string, string> child) =>
        child.Where(entry => ManagedPrefixes.Any(p => entry.Key.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                             || !appHost.TryGetValue(entry.Key, out var inherited) || inherited != entry.Value)
            .Select(entry => entry.Key)
            .Where(key => !key.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal) && !LocalExportPacing.Contains(key))
            .ToHashSet();
}
