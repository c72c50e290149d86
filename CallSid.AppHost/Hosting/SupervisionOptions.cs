namespace CallSid.AppHost.Hosting;

/// <summary>
/// How the AppHost keeps resources running, bound from <c>AppHost:Supervision</c>. A resource that exits on its own is
/// started again after 1 s, 2 s, 4 s, ... up to <see cref="MaxRestartDelay"/> (like a crash-looping pod), for ever;
/// once it has stayed up for <see cref="StableAfter"/>, the next exit starts from 1 s again.
/// </summary>
public sealed class SupervisionOptions
{
    public const string SectionName = "AppHost:Supervision";

    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan StableAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a running resource's readiness is checked, for its health.</summary>
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a starting service may take to answer its first <c>/health</c>.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
