namespace CallSid.AppHost;

/// <summary>
/// How the graph is written out for an orchestrator, bound from <c>Publishing</c> (<c>Publishing__ImageTag=1.4.0</c> and
/// so on); <c>--output-path</c> is Aspire's (<c>Pipeline:OutputPath</c>). CPU and memory are Kubernetes quantities.
/// </summary>
public sealed class PublishingOptions
{
    public const string SectionName = "Publishing";

    /// <summary>The directory the files are written to, created when missing.</summary>
    public string OutputPath { get; set; } = string.Empty;

    /// <summary>Images are <c>{ImagePrefix}/{resource}:{ImageTag}</c>: <c>callsid/calls:latest</c>.</summary>
    public string ImagePrefix { get; set; } = "callsid";

    public string ImageTag { get; set; } = "latest";

    /// <summary>The port every service listens on inside its container (the .NET images' default).</summary>
    public int ContainerPort { get; set; } = 8080;

    /// <summary>The image of the init container that waits for the migrations Job (<c>kubectl wait</c>).</summary>
    public string KubectlImage { get; set; } = "registry.k8s.io/kubectl:v1.31.0";

    /// <summary>The database container of the compose output, when the graph runs its own PostgreSQL.</summary>
    public string PostgresImage { get; set; } = "postgres:15";

    public string CpuRequest { get; set; } = "250m";

    public string MemoryRequest { get; set; } = "256Mi";

    public string CpuLimit { get; set; } = "1";

    public string MemoryLimit { get; set; } = "512Mi";
}
