using static CallSid.AppHost.Publishing.ManifestYaml;

namespace CallSid.AppHost.Publishing;

/// <summary>
/// Plain Kubernetes manifests of the graph, one file per project plus the job-waiter's RBAC and a kustomization
/// (<c>kubectl apply -k DIR</c>). The local PostgreSQL is not published: the database is external (a managed
/// PostgreSQL), its connection string a Secret. Nothing that exists only on this machine is written.
/// </summary>
public sealed class KubernetesPublisher(PublishingOptions options) : IManifestPublisher
{
    public const string PublisherName = "kubernetes";

    /// <summary>The ServiceAccount (with a Role to read Jobs) of pods whose init container waits for a Job.</summary>
    public const string JobWaiter = "job-waiter";

    private const string Header =
        "Written by `dotnet run --project CallSid.AppHost -- publish --publisher kubernetes` from the AppHost's graph.\n" +
        "Do not edit: change the graph (or the Publishing settings) and publish again. Apply with `kubectl apply -k .`;\n" +
        "the Secrets it refers to are created by the operator (README, \"Running beyond one machine\").";

    public IReadOnlyDictionary<string, string> Write(IReadOnlyList<PublishedProject> projects, DistributedApplicationModel model)
    {
        CheckPublishable(model);
        var workloads = new KubernetesWorkloads(options);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var anyWaits = projects.Any(p => p.Jobs.Any());
        foreach (var project in projects)
        {
            IEnumerable<object> documents = project.IsJob
                ? [workloads.ConfigMap(project), workloads.Job(project)]
                : [workloads.ConfigMap(project), workloads.Deployment(project, project.Jobs.Any() ? JobWaiter : null), workloads.Service(project)];
            files[$"{project.Name}.yaml"] = Documents(documents, Header);
        }

        if (anyWaits)
        {
            files[$"{JobWaiter}.yaml"] = Documents(JobWaiterAccess(), Header);
        }

        files["kustomization.yaml"] = Documents(
            [Map(("apiVersion", "kustomize.config.k8s.io/v1beta1"), ("kind", "Kustomization"), ("resources", files.Keys.ToList<object>()))],
            Header);
        return files;
    }

    /// <summary>Besides projects, only what this publisher replaces, or what is left out explicitly.</summary>
    private static void CheckPublishable(DistributedApplicationModel model)
    {
        foreach (var resource in model.Resources.Where(r => !PublishedProject.IsExcluded(r)))
        {
            switch (resource)
            {
                case ProjectResource or ParameterResource:
                    break; // parameters are secrets the projects refer to
                case PostgresServerResource or PostgresDatabaseResource or ConnectionStringResource:
                    break; // the database is external: its connection string is a Secret the projects refer to
                default:
                    throw new InvalidOperationException(
                        $"{resource.Name} ({resource.GetType().Name}) cannot be published to Kubernetes; if it runs only locally, mark it ExcludeFromManifest().");
            }
        }
    }

    /// <summary>What <c>kubectl wait --for=condition=complete job/...</c> needs: reading Jobs in its own namespace, nothing more.</summary>
    private static IEnumerable<object> JobWaiterAccess()
    {
        var labels = Map(("app.kubernetes.io/name", JobWaiter), ("app.kubernetes.io/part-of", KubernetesWorkloads.PartOf));
        var metadata = Map(("name", JobWaiter), ("labels", labels));
        yield return Map(("apiVersion", "v1"), ("kind", "ServiceAccount"), ("metadata", metadata));
        yield return Map(
            ("apiVersion", "rbac.authorization.k8s.io/v1"),
            ("kind", "Role"),
            ("metadata", metadata),
            ("rules", new List<object>
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
