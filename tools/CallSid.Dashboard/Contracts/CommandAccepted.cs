namespace CallSid.Dashboard.Contracts;

/// <summary>POST /api/resources/{name}/commands/{command}, accepted.</summary>
public sealed record CommandAccepted(string Status, string Message);
