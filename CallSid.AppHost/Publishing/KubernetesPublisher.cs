using static CallSid.AppHost.Publishing.ManifestYaml;

namespace CallSid.AppHost.Publishing;

/// <summary>
/// Plain Kubernetes manifests of the graph (<c>kubectl apply -k DIR</c>): per project a ConfigMap of its literal settings
/// and a Deployment with a Service, or a Job; the job-waiter's RBAC; a kustomization. The database is external (a managed
/// PostgreSQL): its connection string, like every secret, is a Secret the operator creates, referred to by name and key.
/// </summary>
public sealed class KubernetesPublisher(PublishingOptions options)
{
    // The ServiceAccount (with a Role to read Jobs) of pods whose init container waits for a Job.
    private const string JobWaiter = "job-waiter";

    private const string PartOf = "callsid";

    private const string Header =
        "Written by `dotnet run --project CallSid.AppHost -- publish --publisher kubernetes` from the AppHost's graph.\n" +
        "Do not edit: change the graph (or the Publishing settings) and publish again. Apply with `kubectl apply -k .`;\n" +
        "the Secrets it refers to are created by the operator (README, \"Running beyond one machine\").";

    public IReadOnlyDictionary<string, string> Write(IReadOnlyList<PublishedProject> projects, DistributedApplicationModel model)
    {
        _ = PublishedProject.PublishableResources(model, "Kubernetes").ToList(); // the database and secrets: Secrets
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            IEnumerable<object> documents = project.IsJob ? [ConfigMap(project), Job(project)] : [ConfigMap(project), Deployment(project), Service(project)];
            files[$"{project.Name}.yaml"] = Documents(documents, Header);
        }

        if (projects.Any(p => p.Jobs.Any()))
        {
            files[$"{JobWaiter}.yaml"] = Documents(JobWaiterAccess(), Header);
        }

        files["kustomization.yaml"] = Documents(
            [Map(("apiVersion", "kustomize.config.k8s.io/v1beta1"), ("kind", "Kustomization"), ("resources", files.Keys.ToList<object>()))], Header);
        return files;
    }

    private object ConfigMap(PublishedProject project) => Map(
        ("apiVersion", "v1"),
        ("kind", "ConfigMap"),
        ("metadata", Metadata($"{project.Name}-config", project.Name)),
        ("data", Map(project.Settings.Select(s => (s.Key, s.Value switch
        {
            PublishedValue.Literal literal => (object?)literal.Value,
            PublishedValue.ServiceAddress address => $"http://{address.Service.Name}:{ServicePort(address.Service)}",
            _ => null, // in the container's env: secrets and the pod's own name
        })).ToArray())));

    private object Deployment(PublishedProject project) => Map(
        ("apiVersion", "apps/v1"),
        ("kind", "Deployment"),
        ("metadata", Metadata(project.Name, project.Name)),
        ("spec", Map(
            ("replicas", project.Replicas),
            ("selector", Map(("matchLabels", Labels(project.Name)))),
            ("template", Map(
                ("metadata", Map(("labels", Labels(project.Name)))),
                ("spec", Map(
                    ("serviceAccountName", project.Jobs.Any() ? JobWaiter : null),
                    ("initContainers", project.Jobs.Any() ? project.Jobs.Select(WaitFor).ToList() : null),
                    ("containers", new List<object> { Container(project) }))))))));

    private object Service(PublishedProject project) => Map(
        ("apiVersion", "v1"),
        ("kind", "Service"),
        ("metadata", Metadata(project.Name, project.Name)),
        ("spec", Map(
            // Only what the graph marks external (the edge) is reachable from outside the cluster.
            ("type", project.IsExternal ? "LoadBalancer" : "ClusterIP"),
            ("selector", Labels(project.Name)),
            ("ports", new List<object> { Map(("name", "http"), ("port", ServicePort(project.Project)), ("targetPort", "http")) }))));

    // A one-shot project (the migrations) runs once per release; a failed pod is kept for its log.
    private object Job(PublishedProject project) => Map(
        ("apiVersion", "batch/v1"),
        ("kind", "Job"),
        ("metadata", Metadata(project.Name, project.Name)),
        ("spec", Map(
            ("backoffLimit", 4),
            ("template", Map(
                ("metadata", Map(("labels", Labels(project.Name)))),
                ("spec", Map(("restartPolicy", "Never"), ("containers", new List<object> { Container(project) }))))))));

    private object Container(PublishedProject project)
    {
        // POD_NAME first: OTEL_RESOURCE_ATTRIBUTES refers to it as $(POD_NAME).
        var env = new List<object> { Map(("name", "POD_NAME"), ("valueFrom", Map(("fieldRef", Map(("fieldPath", "metadata.name")))))) };
        foreach (var (name, value) in project.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            env.AddRange(value switch
            {
                PublishedValue.InstanceId => [Map(("name", name), ("value", "service.instance.id=$(POD_NAME)"))],
                PublishedValue.Secret secret => [SecretRef(name, secret.Parameter.Name, "value")],
                PublishedValue.ConnectionString connection => [SecretRef(name, connection.Database.Name, "connection-string")],
                _ => [],
            });
        }

        var serves = !project.IsJob;
        return Map(
            ("name", project.Name),
            ("image", project.Image),
            ("ports", serves ? new List<object> { Map(("name", "http"), ("containerPort", options.ContainerPort)) } : null),
            ("envFrom", new List<object> { Map(("configMapRef", Map(("name", $"{project.Name}-config")))) }),
            ("env", env),
            // Ready (/health: the database too, warm-up done) before it gets traffic; restarted when /alive stops answering.
            ("readinessProbe", serves ? Probe("/health", periodSeconds: 5, initialDelaySeconds: null) : null),
            ("livenessProbe", serves ? Probe("/alive", periodSeconds: 10, initialDelaySeconds: 15) : null),
            ("resources", Resources(options.CpuRequest, options.MemoryRequest, options.CpuLimit, options.MemoryLimit)));
    }

    private static object SecretRef(string name, string secret, string key) =>
        Map(("name", name), ("valueFrom", Map(("secretKeyRef", Map(("name", secret), ("key", key))))));

    // A service never starts on a schema older than it: its init container waits for the migrations Job.
    private object WaitFor(ProjectResource job) => Map(
        ("name", $"wait-for-{job.Name}"),
        ("image", options.KubectlImage),
        ("command", new List<object> { "kubectl", "wait", "--for=condition=complete", $"job/{job.Name}", "--timeout=10m" }),
        ("resources", Resources("50m", "64Mi", "200m", "128Mi")));

    private static object Probe(string path, int periodSeconds, int? initialDelaySeconds) => Map(
        ("httpGet", Map(("path", path), ("port", "http"))),
        ("initialDelaySeconds", initialDelaySeconds),
        ("periodSeconds", periodSeconds),
        ("timeoutSeconds", 3),
        ("failureThreshold", 3));

    private static object Resources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) =>
        Map(("requests", Map(("cpu", cpuRequest), ("memory", memoryRequest))), ("limits", Map(("cpu", cpuLimit), ("memory", memoryLimit))));

    private int ServicePort(ProjectResource service) => PublishedProject.IsExternalService(service) ? 80 : options.ContainerPort;

    private static object Metadata(string name, string app) => Map(("name", name), ("labels", Labels(app)));

    private static object Labels(string app) => Map(("app.kubernetes.io/name", app), ("app.kubernetes.io/part-of", PartOf));

    // What `kubectl wait --for=condition=complete job/...` needs: reading Jobs in its own namespace, nothing more.
    private static IEnumerable<object> JobWaiterAccess()
    {
        var metadata = Metadata(JobWaiter, JobWaiter);
        yield return Map(("apiVersion", "v1"), ("kind", "ServiceAccount"), ("metadata", metadata));
        yield return Map(("apiVersion", "rbac.authorization.k8s.io/v1"), ("kind", "Role"), ("metadata", metadata), ("rules", new List<object>
        {
            Map(("apiGroups", new List<object> { "batch" }), ("resources", new List<object> { "jobs" }), ("verbs", new List<object> { "get", "list", "watch" })),
        }));
        yield return Map(
            ("apiVersion", "rbac.authorization.k8s.io/v1"),
            ("kind", "RoleBinding"),
            ("metadata", metadata),
            ("roleRef", Map(("apiGroup", "rbac.authorization.k8s.io"), ("kind", "Role"), ("name", JobWaiter))),
            ("subjects", new List<object> { Map(("kind", "ServiceAccount"), ("name", JobWaiter)) }));
    }
}
