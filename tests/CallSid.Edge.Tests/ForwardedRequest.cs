namespace CallSid.Edge.Tests;

/// <summary>What reached a backend through the edge.</summary>
public sealed record ForwardedRequest(string Service, string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
