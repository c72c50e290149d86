namespace CallSid.AppHost;

/// <summary>
/// How the graph is written out for an orchestrator, bound from <c>Publishing</c> (<c>Publishing__ImageTag=1.4.0</c>):
/// images are <c>{ImagePrefix}/{resource}:{ImageTag}</c>, every service listens on <c>ContainerPort</c> in its container
/// (the .NET images' default), the migrations' waiters run <c>KubectlImage</c>, compose's own database runs
/// <c>PostgresImage</c>; CPU and memory are Kubernetes quantities.
/// </summary>
public sealed record PublishingOptions(
    string ImagePrefix = "callsid",
    string ImageTag = "latest",
    int ContainerPort = 8080,
    string KubectlImage = "registry.k8s.io/kubectl:v1.31.0",
    string PostgresImage = "postgres:15",
    string CpuRequest = "250m",
    string MemoryRequest = "256Mi",
    string CpuLimit = "1",
    string MemoryLimit = "512Mi")
{
    public const string SectionName = "Publishing";
}
