namespace CallSid.AppHost.Tests;

/// <summary>One running replica of a service, as its process shows it: its pid, its instance id and address, its settings.</summary>
public sealed record ReplicaProcess(int Pid, string InstanceId, Uri Url, IReadOnlyDictionary<string, string> Environment);
