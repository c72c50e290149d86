namespace CallSid.Dashboard.Contracts;

/// <summary>GET /api/calls/{call_sid}: the call, its transcript, and the telemetry that touched it.</summary>
public sealed record CallViewResponse(
    string CallSid,
    string? ConversationId,
    UpstreamAnswer Call,
    UpstreamAnswer Transcript,
    IReadOnlyList<TraceSummaryItem> Traces,
    IReadOnlyList<LogItem> Logs);
