namespace CallSid.AppHost.Hosting;

/// <summary>What a running resource may use from the application: its output, the shutdown signal, the supervision settings.</summary>
public sealed class ResourceContext(ConsoleOutput output, SupervisionOptions supervision, CancellationToken shutdown)
{
    public ConsoleOutput Output { get; } = output;

    public SupervisionOptions Supervision { get; } = supervision;

    public CancellationToken Shutdown { get; } = shutdown;
}
