namespace CallSid.Dashboard.Contracts;

/// <summary>GET /api/telemetry/logs: newest first; <c>total</c> counts every match, <c>logs</c> at most <c>limit</c>.</summary>
public sealed record LogsResponse(int Total, IReadOnlyList<LogItem> Logs);
