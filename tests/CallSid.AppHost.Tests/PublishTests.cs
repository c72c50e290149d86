using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static CallSid.AppHost.Tests.PublishedOutput;

namespace CallSid.AppHost.Tests;

/// <summary>
/// <c>publish --publisher kubernetes|compose</c>: the graph of the local run written for an orchestrator. The output
/// parses, refers only to what it defines or the Secrets the operator creates (docs/publishing.md), holds no secret,
/// scales as configured, and equals the checked-in copy of the default graph byte for byte. Aspire's own manifest
/// (<c>--publisher manifest</c>) describes the same graph.
/// </summary>
public sealed class PublishTests
{
    /// <summary>Set as every secret the AppHost could read; it must appear in no published file.</summary>
    private const string Sentinel = "sentinel-secret-7f3a9c";

    private const string KubernetesJobWaiter = "job-waiter";

    /// <summary>The Secrets the operator creates before <c>kubectl apply</c>; docs/publishing.md lists the same.</summary>
    private static readonly string[] OperatorSecrets = ["callsdb", "elevenlabs-api-key", "post-call-secret", "transcription-token"];

    private static readonly Dictionary<string, string> WithSecretsConfigured = new(ExampleAgent)
    {
        ["Webhooks__TranscriptionToken"] = Sentinel,
        ["Webhooks__PostCallSecret"] = Sentinel,
        ["ElevenLabs__ApiKey"] = Sentinel,
        ["Emulator__ApiKey"] = Sentinel,
    };

    [Fact]
    public async Task Kubernetes_manifests_parse_refer_only_to_what_they_define_or_the_operator_creates_and_hold_no_secret()
    {
        using var output = await PublishAsync("kubernetes", WithSecretsConfigured);
        using var external = await PublishAsync("kubernetes", new Dictionary<string, string>(WithSecretsConfigured)
        {
            ["ConnectionStrings__callsdb"] = $"Host=db.example;Username=callsid;Password={Sentinel};Database=callsdb",
        });

        Assert.All(output.Files.Concat(external.Files), file => Assert.DoesNotContain(Sentinel, file.Value));
        Assert.Equal(output.Files, external.Files); // the database is external either way: a Secret
        Assert.Equal(["calls.yaml", "edge.yaml", "job-waiter.yaml", "kustomization.yaml", "migrations.yaml", "transcripts.yaml"], output.Files.Keys.Order());

        var configMaps = output.OfKind("ConfigMap").Select(d => Text(d, "metadata", "name")).ToHashSet();
        var accounts = output.OfKind("ServiceAccount").Select(d => Text(d, "metadata", "name")).ToHashSet();
        var workloads = output.OfKind("Deployment").Concat(output.OfKind("Job")).ToList();
        Assert.Equal(["calls", "edge", "migrations", "transcripts"], workloads.Select(w => Text(w, "metadata", "name")).Order());
        var referencedSecrets = new HashSet<string>();
        foreach (var workload in workloads)
        {
            var pod = At(workload, "spec", "template", "spec");
            if (Text(pod, "serviceAccountName") is { } account)
            {
                Assert.Contains(account, accounts);
            }

            foreach (var container in List(pod, "containers").Concat(List(pod, "initContainers")))
            {
                Assert.All(List(container, "envFrom"), from => Assert.Contains(Text(from, "configMapRef", "name"), configMaps));
                foreach (var secret in List(container, "env").Select(e => Text(e, "valueFrom", "secretKeyRef", "name")).OfType<string>())
                {
                    referencedSecrets.Add(secret);
                    Assert.True(OperatorSecrets.Contains(secret), $"{Text(workload, "metadata", "name")} refers to Secret {secret}, which the operator is not told to create");
                }

                Assert.NotNull(Text(container, "resources", "requests", "cpu"));
                Assert.NotNull(Text(container, "resources", "requests", "memory"));
                Assert.NotNull(Text(container, "resources", "limits", "cpu"));
                Assert.NotNull(Text(container, "resources", "limits", "memory"));
            }
        }

        Assert.Equal(OperatorSecrets, referencedSecrets.Order());
        // Only the edge is reachable from outside the cluster.
        Assert.Equal(
            [("calls", "ClusterIP"), ("edge", "LoadBalancer"), ("transcripts", "ClusterIP")],
            output.OfKind("Service").Select(s => (Text(s, "metadata", "name")!, Text(s, "spec", "type")!)).Order());
    }

    [Fact]
    public async Task Replica_counts_and_probes_are_as_configured_and_the_services_wait_for_the_migrations_job()
    {
        using var output = await PublishAsync("kubernetes", new Dictionary<string, string>(ExampleAgent)
        {
            ["AppHost__Replicas__calls"] = "2",
            ["AppHost__Replicas__transcripts"] = "3",
        });
        using var compose = await PublishAsync("compose", new Dictionary<string, string>(ExampleAgent)
        {
            ["AppHost__Replicas__calls"] = "2",
            ["AppHost__Replicas__transcripts"] = "3",
        });

        var deployments = output.OfKind("Deployment").ToDictionary(d => Text(d, "metadata", "name")!);
        Assert.Equal(["2", "3", "1"], new[] { "calls", "transcripts", "edge" }.Select(d => Text(deployments[d], "spec", "replicas")));
        var services = MapAt(compose.Documents.Single(), "services");
        Assert.Equal(["2", "3", "1"], new[] { "calls", "transcripts", "edge" }.Select(s => Text(services[s], "deploy", "replicas")));

        foreach (var (name, deployment) in deployments)
        {
            var container = Assert.Single(List(deployment, "spec", "template", "spec", "containers"));
            Assert.Equal(("/health", "http"), (Text(container, "readinessProbe", "httpGet", "path"), Text(container, "readinessProbe", "httpGet", "port")));
            Assert.Equal(("/alive", "http"), (Text(container, "livenessProbe", "httpGet", "path"), Text(container, "livenessProbe", "httpGet", "port")));
            Assert.Equal("8080", Text(Assert.Single(List(container, "ports")), "containerPort"));
        }

        // A service that uses the database starts only on the schema its release needs: its init container waits for the
        // Job (the edge has no database).
        foreach (var name in new[] { "calls", "transcripts" })
        {
            var wait = Assert.Single(List(deployments[name], "spec", "template", "spec", "initContainers"));
            Assert.Equal(["kubectl", "wait", "--for=condition=complete", "job/migrations", "--timeout=10m"], List(wait, "command").Cast<string>());
            Assert.Equal(KubernetesJobWaiter, Text(deployments[name], "spec", "template", "spec", "serviceAccountName"));
        }

        Assert.Empty(List(deployments["edge"], "spec", "template", "spec", "initContainers"));

        Assert.Equal("Never", Text(output.OfKind("Job").Single(), "spec", "template", "spec", "restartPolicy"));
    }

    [Fact]
    public async Task Compose_runs_the_same_graph_with_a_postgres_container_and_takes_every_secret_from_the_environment()
    {
        using var output = await PublishAsync("compose", WithSecretsConfigured);

        Assert.Equal([".env.example", "docker-compose.yaml"], output.Files.Keys.Order());
        Assert.All(output.Files, file => Assert.DoesNotContain(Sentinel, file.Value));
        var services = MapAt(output.Documents.Single(), "services");
        Assert.Equal(["calls", "edge", "migrations", "postgres", "transcripts"], services.Keys.Cast<string>().Order());
        Assert.Equal("postgres:15", Text(services["postgres"], "image"));
        Assert.Equal("service_healthy", Text(services["migrations"], "depends_on", "postgres", "condition"));
        Assert.All(new[] { "calls", "transcripts" }, s => Assert.Equal("service_completed_successfully", Text(services[s], "depends_on", "migrations", "condition")));
        Assert.Equal(["${EDGE_PORT:-8080}:8080"], List(services["edge"], "ports").Cast<string>());
        Assert.All(new[] { "calls", "transcripts", "migrations", "postgres" }, s => Assert.Empty(List(services[s], "ports")));

        // Every variable the file reads is listed (empty) in .env.example.
        var listed = output.Files[".env.example"].Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.TrimEnd('=')).ToHashSet();
        var read = Regex.Matches(output.Files["docker-compose.yaml"], @"\$\{([A-Z0-9_]+):\?").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(["ELEVENLABS_API_KEY", "POSTGRES_PASSWORD", "POST_CALL_SECRET", "TRANSCRIPTION_TOKEN"], read.Order());
        Assert.Equal(read.Order(), listed.Order());
        Assert.Contains("Password=${POSTGRES_PASSWORD:?", Text(services["calls"], "environment", "ConnectionStrings__callsdb"));
    }

    [Theory]
    [InlineData("kubernetes", "deploy/expected/k8s")]
    [InlineData("compose", "deploy/expected/compose")]
    public async Task The_default_graph_publishes_exactly_the_checked_in_copy_and_the_same_bytes_every_time(string publisher, string expectedDirectory)
    {
        using var first = await PublishAsync(publisher, ExampleAgent);
        using var second = await PublishAsync(publisher, ExampleAgent);

        var expected = Directory.EnumerateFiles(Path.Combine(RepositoryRoot, expectedDirectory)).ToDictionary(path => Path.GetFileName(path), File.ReadAllText);
        Assert.Equal(first.Files, second.Files);
        Assert.Equal(expected.Keys.Order(), first.Files.Keys.Order());
        foreach (var (name, text) in expected)
        {
            // A change to the graph shows here: refresh the copy with docs/publishing.md's command and review the diff.
            Assert.True(text == first.Files[name], $"{expectedDirectory}/{name} differs from what the graph publishes now:\n{first.Files[name]}");
        }
    }

    [Fact]
    public async Task Publishing_without_the_ElevenLabs_agent_or_a_publisher_is_refused_with_one_line()
    {
        var withoutAgent = await RunAppHostAsync(
            ["publish", "--publisher", "kubernetes", "--output-path", Path.Combine(Path.GetTempPath(), $"callsid-never-{Guid.NewGuid():N}")], new Dictionary<string, string>());
        var unknown = await RunAppHostAsync(
            ["publish", "--publisher", "helm", "--output-path", Path.Combine(Path.GetTempPath(), $"callsid-never-{Guid.NewGuid():N}")], ExampleAgent);

        Assert.Equal(1, withoutAgent.ExitCode);
        Assert.Contains("Publishing needs the ElevenLabs agent: set ElevenLabs:AgentId and ElevenLabs:AgentPhoneNumberId", withoutAgent.Output);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Usage: publish --publisher kubernetes|compose --output-path DIR ('helm' is not a publisher)", unknown.Output);
    }

    [Fact]
    public async Task A_secret_in_a_configuration_section_stops_publishing_and_is_named_never_written()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"callsid-never-{Guid.NewGuid():N}");
        var result = await RunAppHostAsync(
            ["publish", "--publisher", "kubernetes", "--output-path", directory],
            new Dictionary<string, string>(ExampleAgent) { ["Database__Password"] = "a-password-never-published" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("migrations: Database:Password is a secret and a secret is never published as configuration", result.Output);
        Assert.DoesNotContain("a-password-never-published", result.Output);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task Aspire_manifest_has_the_postgres_server_its_database_the_four_projects_and_secret_parameters_and_no_emulator()
    {
        using var output = await PublishAsync("manifest", WithSecretsConfigured);

        var text = Assert.Single(output.Files, f => f.Key == "aspire-manifest.json").Value;
        Assert.DoesNotContain(Sentinel, text);
        var resources = JsonNode.Parse(text)!["resources"]!.AsObject();
        Assert.Equal("container.v0", (string?)resources["postgres"]?["type"]);
        Assert.Equal("{postgres.connectionString};Database=callsdb", (string?)resources["callsdb"]?["connectionString"]);
        Assert.All(new[] { "calls", "transcripts", "edge", "migrations" }, p => Assert.Equal("project.v0", (string?)resources[p]?["type"]));
        Assert.DoesNotContain("elevenlabs", resources.Select(r => r.Key));
        foreach (var secret in new[] { "transcription-token", "post-call-secret", "elevenlabs-api-key", "postgres-password" })
        {
            Assert.Equal("parameter.v0", (string?)resources[secret]?["type"]);
            Assert.True((bool?)resources[secret]?["inputs"]?["value"]?["secret"], $"{secret} is not marked secret");
        }

        Assert.Equal("{elevenlabs-api-key.value}", (string?)resources["calls"]?["env"]?["ElevenLabs__ApiKey"]);
        Assert.Equal("{callsdb.connectionString}", (string?)resources["migrations"]?["env"]?["ConnectionStrings__callsdb"]);
    }
}
