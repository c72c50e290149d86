namespace CallSid.Dashboard.Queries;

/// <summary>The filters of GET /api/telemetry/logs; every one optional.</summary>
public sealed record LogFilter(string? Resource, string? MinLevel, string? Text, string? CallSid, string? ConversationId, string? TraceId, int Limit);
