namespace CallSid.AppHost.Hosting;

/// <summary>Where a resource is in its life (Aspire's states); whether it works is <see cref="ResourceHealth"/>.</summary>
public enum ResourceState
{
    Waiting,
    Starting,
    Running,

    /// <summary>A one-shot job that exited with code 0.</summary>
    Finished,

    /// <summary>Exited on its own and waiting out its back-off before it is started again.</summary>
    Restarting,

    Failed,
    NotStarted,
    Stopping,

    /// <summary>Stopped by the AppHost (shutdown, or a Stop command); not restarted.</summary>
    Stopped,
}
