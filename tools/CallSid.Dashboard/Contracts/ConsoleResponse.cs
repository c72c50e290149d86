namespace CallSid.Dashboard.Contracts;

/// <summary>GET /api/resources/{name}/console.</summary>
public sealed record ConsoleResponse(string Resource, IReadOnlyList<ConsoleLineItem> Lines, long Next);
