namespace CallSid.AppHost.Supervision;

/// <summary>
/// How crashed resources are started again, bound from <c>AppHost:Supervision</c>: after 1 s, 2 s, 4 s, ... up to
/// <see cref="MaxRestartDelay"/>, for ever (like a crash-looping pod); one that stayed up <see cref="StableAfter"/> starts from 1 s again.
/// </summary>
public sealed class SupervisionOptions
{
    public const string SectionName = "AppHost:Supervision";

    public TimeSpan FirstRestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan StableAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The delay before restart number <paramref name="exitsInARow"/> (1-based).</summary>
    public TimeSpan DelayFor(int exitsInARow)
    {
        var delay = FirstRestartDelay * Math.Pow(2, Math.Min(exitsInARow - 1, 20));
        return delay < MaxRestartDelay ? delay : MaxRestartDelay;
    }
}
