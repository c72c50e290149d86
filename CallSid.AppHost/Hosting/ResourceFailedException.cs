namespace CallSid.AppHost.Hosting;

/// <summary>A resource that failed; the message is the one line shown for it.</summary>
public sealed class ResourceFailedException(string message) : Exception(message);
