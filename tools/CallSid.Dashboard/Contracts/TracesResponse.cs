namespace CallSid.Dashboard.Contracts;

/// <summary>GET /api/telemetry/traces: newest first.</summary>
public sealed record TracesResponse(int Total, IReadOnlyList<TraceSummaryItem> Traces);
