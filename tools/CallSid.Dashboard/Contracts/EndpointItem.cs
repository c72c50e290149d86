namespace CallSid.Dashboard.Contracts;

public sealed record EndpointItem(string Name, string Url);
