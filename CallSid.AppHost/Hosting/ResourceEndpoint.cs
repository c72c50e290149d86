namespace CallSid.AppHost.Hosting;

public sealed record ResourceEndpoint(string Name, string Url);
