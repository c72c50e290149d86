using static CallSid.AppHost.Publishing.ManifestYaml;

namespace CallSid.AppHost.Publishing;

/// <summary>
/// The Kubernetes objects of one published project: its ConfigMap (the literal settings, in Aspire's environment
/// names), and a Deployment with a Service, or a Job. Secrets are referenced by name and key, never written.
/// </summary>
public sealed class KubernetesWorkloads(PublishingOptions options)
{
    public const string PartOf = "callsid";

    /// <summary>The Kubernetes Secret and key holding a secret setting. The operator creates them (README).</summary>
    public static (string Secret, string Key) SecretKeyOf(PublishedValue value) => value switch
    {
        PublishedValue.Secret secret => (secret.Parameter.Name, "value"),
        PublishedValue.ConnectionString connection => (connection.Database.Name, "connection-string"),
        _ => throw new ArgumentException($"{value} is not kept in a Secret.", nameof(value)),
    };

    public static string ConfigMapName(PublishedProject project) => $"{project.Name}-config";

    /// <summary>Where others reach the service: its Service's name and port (one name for every replica).</summary>
    public string AddressOf(ProjectResource service) => $"http://{service.Name}:{ServicePort(service)}";

    public object ConfigMap(PublishedProject project) => Map(
        ("apiVersion", "v1"),
        ("kind", "ConfigMap"),
        ("metadata", Metadata(ConfigMapName(project), project)),
        ("data", Map(project.Settings
            .Select(s => (s.Key, Value: s.Value switch
            {
                PublishedValue.Literal literal => (object?)literal.Value,
                PublishedValue.ServiceAddress address => AddressOf(address.Service),
                _ => null, // in the container's env: secrets and the pod's own name
            }))
            .ToArray())));

    public object Deployment(PublishedProject project, string? jobWaiterAccount) => Map(
        ("apiVersion", "apps/v1"),
        ("kind", "Deployment"),
        ("metadata", Metadata(project.Name, project)),
        ("spec", Map(
            ("replicas", project.Replicas),
            ("selector", Map(("matchLabels", Labels(project)))),
            ("template", Map(
                ("metadata", Map(("labels", Labels(project)))),
                ("spec", Map(
                    ("serviceAccountName", jobWaiterAccount),
                    ("initContainers", project.Jobs.Any() ? project.Jobs.Select(WaitFor).ToList() : null),
                    ("containers", new List<object> { Container(project) }))))))));

    public object Service(PublishedProject project) => Map(
        ("apiVersion", "v1"),
        ("kind", "Service"),
        ("metadata", Metadata(project.Name, project)),
        ("spec", Map(
            // Only what the graph marks external (the edge) is reachable from outside the cluster.
            ("type", project.IsExternal ? "LoadBalancer" : "ClusterIP"),
            ("selector", Labels(project)),
            ("ports", new List<object> { Map(("name", "http"), ("port", ServicePort(project.Project)), ("targetPort", "http")) }))));

    /// <summary>A one-shot project (the migrations): runs to completion once per release; a failed pod is kept for its log.</summary>
    public object Job(PublishedProject project) => Map(
        ("apiVersion", "batch/v1"),
        ("kind", "Job"),
        ("metadata", Metadata(project.Name, project)),
        ("spec", Map(
            ("backoffLimit", 4),
            ("template", Map(
                ("metadata", Map(("labels", Labels(project)))),
                ("spec", Map(
                    ("restartPolicy", "Never"),
                    ("containers", new List<object> { Container(project) }))))))));

    private object Container(PublishedProject project)
    {
        var env = new List<object>();
        if (project.Settings.Values.Any(v => v is PublishedValue.InstanceId))
        {
            // Defined first: later entries refer to it as $(POD_NAME).
            env.Add(Map(("name", "POD_NAME"), ("valueFrom", Map(("fieldRef", Map(("fieldPath", "metadata.name")))))));
        }

        foreach (var (name, value) in project.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            switch (value)
            {
                case PublishedValue.InstanceId:
                    env.Add(Map(("name", name), ("value", "service.instance.id=$(POD_NAME)")));
                    break;
                case PublishedValue.Secret or PublishedValue.ConnectionString:
                    var (secret, key) = SecretKeyOf(value);
                    env.Add(Map(("name", name), ("valueFrom", Map(("secretKeyRef", Map(("name", secret), ("key", key)))))));
                    break;
            }
        }

        var serves = !project.IsJob;
        return Map(
            ("name", project.Name),
            ("image", project.Image),
            ("ports", serves ? new List<object> { Map(("name", "http"), ("containerPort", options.ContainerPort)) } : null),
            ("envFrom", new List<object> { Map(("configMapRef", Map(("name", ConfigMapName(project))))) }),
            ("env", env),
            // Ready (/health: the database too, warm-up done) before it gets traffic; restarted when /alive stops answering.
            ("readinessProbe", serves ? Probe("/health", periodSeconds: 5, initialDelaySeconds: null) : null),
            ("livenessProbe", serves ? Probe("/alive", periodSeconds: 10, initialDelaySeconds: 15) : null),
            ("resources", Resources()));
    }

    /// <summary>
    /// An init container that waits until <paramref name="job"/> completed (<c>kubectl wait</c>): a service never
    /// starts on a schema older than it. It needs to read Jobs: the job-waiter ServiceAccount.
    /// </summary>
    private object WaitFor(ProjectResource job) => Map(
        ("name", $"wait-for-{job.Name}"),
        ("image", options.KubectlImage),
        ("command", new List<object> { "kubectl", "wait", "--for=condition=complete", $"job/{job.Name}", "--timeout=10m" }),
        ("resources", Map(("requests", Map(("cpu", "50m"), ("memory", "64Mi"))), ("limits", Map(("cpu", "200m"), ("memory", "128Mi"))))));

    private static object Probe(string path, int periodSeconds, int? initialDelaySeconds) => Map(
        ("httpGet", Map(("path", path), ("port", "http"))),
        ("initialDelaySeconds", initialDelaySeconds),
        ("periodSeconds", periodSeconds),
        ("timeoutSeconds", 3),
        ("failureThreshold", 3));

    private object Resources() => Map(
        ("requests", Map(("cpu", options.CpuRequest), ("memory", options.MemoryRequest))),
        ("limits", Map(("cpu", options.CpuLimit), ("memory", options.MemoryLimit))));

    private int ServicePort(ProjectResource service) => PublishedProject.IsExternalService(service) ? 80 : options.ContainerPort;

    private static object Metadata(string name, PublishedProject project) => Map(("name", name), ("labels", Labels(project)));

    private static object Labels(PublishedProject project) => Map(("app.kubernetes.io/name", project.Name), ("app.kubernetes.io/part-of", PartOf));
}
