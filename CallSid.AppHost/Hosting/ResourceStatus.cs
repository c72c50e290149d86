namespace CallSid.AppHost.Hosting;

/// <summary>
/// What is known now of something the AppHost runs (a resource, or one instance of a project): shown in the resources
/// table and, through the resource service, on the dashboard. <see cref="Changed"/> fires on every change.
/// </summary>
public sealed class ResourceStatus
{
    private ResourceState _state = ResourceState.Waiting;
    private ResourceHealth? _health;
    private string _detail = string.Empty;
    private DateTimeOffset? _startTime;
    private DateTimeOffset? _stopTime;
    private int _restartCount;
    private int? _processId;
    private int? _exitCode;

    public event Action? Changed;

    public ResourceState State { get => _state; internal set => Set(ref _state, value); }

    public ResourceHealth? Health { get => _health; internal set => Set(ref _health, value); }

    /// <summary>A line next to the state: an address, an exit code, a back-off. Never a secret.</summary>
    public string Detail { get => _detail; internal set => Set(ref _detail, value); }

    public DateTimeOffset? StartTime { get => _startTime; internal set => Set(ref _startTime, value); }

    public DateTimeOffset? StopTime { get => _stopTime; internal set => Set(ref _stopTime, value); }

    public int RestartCount { get => _restartCount; internal set => Set(ref _restartCount, value); }

    public int? ProcessId { get => _processId; internal set => Set(ref _processId, value); }

    /// <summary>The exit code of the process's last run.</summary>
    public int? ExitCode { get => _exitCode; internal set => Set(ref _exitCode, value); }

    public ConsoleLog Console { get; } = new();

    /// <summary>A process of this resource started now.</summary>
    internal void Started(int processId, ResourceState state = ResourceState.Starting)
    {
        ProcessId = processId;
        StartTime = DateTimeOffset.UtcNow;
        StopTime = null;
        Health = null;
        State = state;
    }

    /// <summary>Its process exited with <paramref name="exitCode"/>.</summary>
    internal void Exited(int exitCode)
    {
        ExitCode = exitCode;
        StopTime = DateTimeOffset.UtcNow;
        ProcessId = null;
        Health = null;
    }

    private void Set<T>(ref T field, T value)
    {
        if (EqualityComparer<T>.Default.Equals(field, value))
        {
            return;
        }

        field = value;
        Changed?.Invoke();
    }
}
