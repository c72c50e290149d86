namespace CallSid.ServiceDefaults.ServiceDiscovery;

/// <summary>The services this one cannot work without; start-up fails, naming the setting, when one has no address.</summary>
public sealed class RequiredServices
{
    public List<string> Names { get; } = [];
}
