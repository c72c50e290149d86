namespace CallSid.Dashboard.Queries;

/// <summary>The filters of GET /api/telemetry/traces; every one optional.</summary>
public sealed record TraceFilter(string? Resource, string? Text, string? CallSid, string? ConversationId, bool ErrorsOnly, int Limit);
