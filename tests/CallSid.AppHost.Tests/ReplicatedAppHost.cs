using System.Text.RegularExpressions;
using CallSid.Testing;

namespace CallSid.AppHost.Tests;

/// <summary>
/// The AppHost as a process with two Calls and two Transcripts replicas (<c>AppHost__Replicas__*</c>), and without
/// the emulator's conversation playback, so every turn a test sees is one it sent.
/// </summary>
public sealed class ReplicatedAppHost : IAsyncLifetime
{
    public LocalAppHost AppHost { get; } = new();

    public RunningProject Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        AppHost.Environment["AppHost__Replicas__calls"] = "2";
        AppHost.Environment["AppHost__Replicas__transcripts"] = "2";
        AppHost.Environment["Emulator__ConversationTurns"] = "0";
        Host = await AppHost.StartReadyAsync();
    }

    /// <summary>The running replicas of a project (<c>CallSid.Transcripts</c>), by instance id.</summary>
    public List<ReplicaProcess> Replicas(string project) =>
        LocalAppHost.Children(Host, $"{project}.dll")
            .Select(child => ProcessTree.EnvironmentOf(child.Pid) is var environment && environment.Count > 0
                ? new ReplicaProcess(
                    child.Pid,
                    Regex.Match(environment.GetValueOrDefault("OTEL_RESOURCE_ATTRIBUTES", ""), "service.instance.id=([^,]+)").Groups[1].Value,
                    new Uri(environment["ASPNETCORE_URLS"]),
                    environment)
                : null)
            .OfType<ReplicaProcess>()
            .OrderBy(replica => replica.InstanceId, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// How many of <paramref name="instance"/>'s log lines in the AppHost's output, from <paramref name="from"/> on,
    /// contain <paramref name="text"/> (and not <paramref name="excluding"/>).
    /// </summary>
    public int LogLines(string instance, string text, int from = 0, string? excluding = null) =>
        Host.Output[Math.Min(from, Host.Output.Length)..].Split('\n')
            .Count(line => Regex.IsMatch(line, $@"^\[{Regex.Escape(instance)} *\] ") && line.Contains(text, StringComparison.Ordinal)
                           && (excluding is null || !line.Contains(excluding, StringComparison.Ordinal)));

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.TerminateAsync(TimeSpan.FromSeconds(60));
            await Host.DisposeAsync();
        }

        AppHost.Dispose();
    }
}
