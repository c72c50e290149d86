namespace CallSid.AppHost.Hosting;

/// <summary>
/// The delays between restarts of one resource: doubling from 1 s to a cap, never giving up, and starting over once
/// the resource has stayed up long enough (see <see cref="SupervisionOptions"/>).
/// </summary>
public sealed class RestartBackoff(SupervisionOptions options)
{
    /// <summary>Exits in a row from which the resource counts as crash-looping (shown in its state and logged).</summary>
    public const int CrashLoopAfter = 3;

    private DateTimeOffset? _upSince;

    /// <summary>Exits since the resource last stayed up for <see cref="SupervisionOptions.StableAfter"/>.</summary>
    public int ExitsInARow { get; private set; }

    public bool IsCrashLooping => ExitsInARow >= CrashLoopAfter;

    /// <summary>The resource is up (healthy) from now.</summary>
    public void Up() => _upSince = DateTimeOffset.UtcNow;

    /// <summary>The resource exited: how long to wait before starting it again.</summary>
    public TimeSpan NextDelay()
    {
        if (_upSince is { } up && DateTimeOffset.UtcNow - up >= options.StableAfter)
        {
            ExitsInARow = 0;
        }

        _upSince = null;
        ExitsInARow++;
        var delay = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(ExitsInARow - 1, 30)));
        return delay < options.MaxRestartDelay ? delay : options.MaxRestartDelay;
    }
}
