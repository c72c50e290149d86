namespace CallSid.Dashboard.Resources;

/// <summary>GET /resources/{name}/console?after=N: lines after N, and the sequence to ask after next time.</summary>
public sealed record ConsoleBatch(IReadOnlyList<ConsoleLine> Lines, long Next);
