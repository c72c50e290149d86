namespace CallSid.AppHost.Hosting;

public enum ResourceState
{
    Waiting,
    Starting,
    Running,
    Healthy,
    Completed,
    Restarting,
    Failed,
    NotStarted,
    Stopping,
    Stopped,
}
