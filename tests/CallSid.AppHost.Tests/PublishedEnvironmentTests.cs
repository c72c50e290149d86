using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CallSid.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CallSid.AppHost.Tests.PublishedOutput;

namespace CallSid.AppHost.Tests;

/// <summary>
/// The published graph hands each service the settings the local AppHost hands its process: the same keys, read from
/// the real processes of a local run shaped like production (an ElevenLabs key, so no emulator; an external database).
/// </summary>
public sealed class PublishedEnvironmentTests(PostgresClusterFixture cluster)
{
    /// <summary>Settings the AppHost hands out itself, whether or not this test process has them too (environment keys ignore case).</summary>
    private static readonly string[] ManagedPrefixes =
        ["ConnectionStrings__", "services__", "Webhooks__", "ElevenLabs__", "Emulator__", "Redial__", "Database__", "OTEL_", "ASPNETCORE_URLS"];

    /// <summary>
    /// A local run's own: Aspire's telemetry settings for its dashboard (endpoint, export pacing, sampling; a published
    /// graph is pointed at a collector by the operator), what DCP and <c>dotnet run</c> set for any process they start,
    /// and Kubernetes' plumbing for the instance id.
    /// </summary>
    private static readonly string[] LocalOnlyPrefixes =
    [
        "OTEL_EXPORTER_OTLP_", "OTEL_BSP_", "OTEL_BLRP_", "OTEL_METRIC_EXPORT_", "OTEL_METRICS_EXEMPLAR_", "OTEL_TRACES_SAMPLER",
        "OTEL_INSTRUMENTATION_", "OTEL_DOTNET_EXPERIMENTAL_", "DCP_", "DOTNET_", "ASPNETCORE_", "MSBUILD", "Logging__Console__FormatterOptions__", "POD_NAME",
    ];

    /// <summary>WithReference's parts of a reference (<c>TRANSCRIPTS_HTTP</c>, ...): ours read only ConnectionStrings__* and services__*.</summary>
    private static readonly string[] ReferencedResources = ["CALLS", "TRANSCRIPTS", "EDGE", "CALLSDB", "POSTGRES"];

    [Fact]
    public async Task Every_published_service_gets_the_keys_the_local_AppHost_hands_its_process()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        var production = new Dictionary<string, string>(ExampleAgent)
        {
            ["ElevenLabs__ApiKey"] = "a-key-elevenlabs-never-sees",
            ["Webhooks__TranscriptionToken"] = "a-transcription-token",
            ["Webhooks__PostCallSecret"] = "a-post-call-secret",
            ["ConnectionStrings__callsdb"] = connectionString,
        };
        using var kubernetes = await PublishAsync("kubernetes", production);
        using var compose = await PublishAsync("compose", production);

        await using var appHost = new ProductionShapedAppHost(production);
        await appHost.InitializeAsync();
        var composeServices = MapAt(compose.Documents.Single(), "services");
        foreach (var service in new[] { "calls", "transcripts", "edge", "migrations" })
        {
            var handed = service == "migrations" ? await RunModeKeysAsync(appHost.App, service) : await ProcessKeysAsync(appHost, service);
            var manifest = kubernetes.Documents.Single(d => Text(d, "metadata", "name") == service && Text(d, "kind") is "Deployment" or "Job");
            var container = Assert.Single(List(manifest, "spec", "template", "spec", "containers"));
            var configMap = kubernetes.OfKind("ConfigMap").Single(d => Text(d, "metadata", "name") == $"{service}-config");
            var kubernetesKeys = MapAt(configMap, "data").Keys.Cast<string>()
                .Concat(List(container, "env").Select(e => Text(e, "name")!))
                .Where(IsCompared)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var composeKeys = MapAt(composeServices[service], "environment").Keys.Cast<string>().Where(IsCompared).ToHashSet(StringComparer.OrdinalIgnoreCase);

            Assert.True(handed.SetEquals(kubernetesKeys), $"{service}: local {string.Join(", ", handed.Order())}\nkubernetes {string.Join(", ", kubernetesKeys.Order())}");
            // Compose has no per-container value for the instance id; each process's telemetry SDK makes its own.
            Assert.True(handed.Except(["OTEL_RESOURCE_ATTRIBUTES"], StringComparer.OrdinalIgnoreCase).ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(composeKeys),
                $"{service}: local {string.Join(", ", handed.Order())}\ncompose {string.Join(", ", composeKeys.Order())}");
        }
    }

    private static bool IsCompared(string key) =>
        key.Equals("ASPNETCORE_URLS", StringComparison.OrdinalIgnoreCase)
        || !(LocalOnlyPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase))
             || ReferencedResources.Any(r => key.StartsWith(r + "_", StringComparison.Ordinal) && !key.StartsWith(r + "__", StringComparison.Ordinal)));

    /// <summary>What the AppHost set for a running service: its own settings, and whatever the service has that this process does not.</summary>
    private static async Task<HashSet<string>> ProcessKeysAsync(AppHostFixture appHost, string service)
    {
        var pid = Assert.Single(await appHost.ProcessesOfAsync(service));
        var test = ProcessTree.EnvironmentOf(Environment.ProcessId);
        return ProcessTree.EnvironmentOf(pid)
            .Where(entry => ManagedPrefixes.Any(p => entry.Key.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                            || !test.TryGetValue(entry.Key, out var inherited) || inherited != entry.Value)
            .Select(entry => entry.Key)
            .Where(IsCompared)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The migrations exit before their process can be read reliably: the keys Aspire's run-mode callbacks give them,
    /// which is what it hands DCP to start them with.
    /// </summary>
    private static async Task<HashSet<string>> RunModeKeysAsync(DistributedApplication app, string name)
    {
        var resource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);
        var context = new EnvironmentCallbackContext(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), resource);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables.Keys.Where(IsCompared).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private sealed class ProductionShapedAppHost(Dictionary<string, string> production) : AppHostFixture
    {
        protected override IEnumerable<string> Settings => production.Select(s => $"{s.Key.Replace("__", ":", StringComparison.Ordinal)}={s.Value}");

        protected override IEnumerable<string> Resources => ["calls", "transcripts", "edge"];
    }
}
