namespace CallSid.Dashboard.Resources;

public sealed record ResourceEndpoint(string Name, string Url);
