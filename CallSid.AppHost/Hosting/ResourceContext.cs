namespace CallSid.AppHost.Hosting;

/// <summary>What a running resource may use from the application: its output and the shutdown signal.</summary>
public sealed class ResourceContext(ConsoleOutput output, CancellationToken shutdown)
{
    public ConsoleOutput Output { get; } = output;

    public CancellationToken Shutdown { get; } = shutdown;
}
