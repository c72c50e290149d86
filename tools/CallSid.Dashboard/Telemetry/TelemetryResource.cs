namespace CallSid.Dashboard.Telemetry;

/// <summary>
/// A process that sent telemetry, identified as OTLP identifies it: <c>service.name</c> + <c>service.instance.id</c>.
/// Replicas of one service are separate resources.
/// </summary>
public sealed class TelemetryResource(string serviceName, string? instanceId, KeyValuePair<string, string>[] attributes)
{
    private long _lastSeenUnixMilliseconds;

    public string ServiceName { get; } = serviceName;

    public string? InstanceId { get; } = instanceId;

    /// <summary>The resource attributes as first received (host, process, SDK version, ...).</summary>
    public KeyValuePair<string, string>[] Attributes { get; } = attributes;

    public DateTimeOffset LastSeen => DateTimeOffset.FromUnixTimeMilliseconds(Volatile.Read(ref _lastSeenUnixMilliseconds));

    internal void Seen(DateTimeOffset now) => Volatile.Write(ref _lastSeenUnixMilliseconds, now.ToUnixTimeMilliseconds());
}
