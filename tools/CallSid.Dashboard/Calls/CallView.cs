using System.Text.Json;
using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Queries;

namespace CallSid.Dashboard.Calls;

/// <summary>
/// Everything about one call in one answer: the call record, its transcript, and every trace and log that touched
/// it (by <c>callsid.call_sid</c>, or by <c>callsid.conversation_id</c> once the call record names it).
/// </summary>
public sealed class CallView(CallServicesClient services, TraceQuery traces, LogQuery logs)
{
    private const int MaxItems = 500;

    public async Task<CallViewResponse> GetAsync(string callSid, CancellationToken cancellationToken)
    {
        var callTask = services.GetCallAsync(callSid, cancellationToken);
        var transcriptTask = services.GetTranscriptAsync(callSid, cancellationToken);
        var call = await callTask;
        var transcript = await transcriptTask;

        var conversationId = ConversationId(call) ?? ConversationId(transcript);
        var traceMatches = traces.Find(new TraceFilter(null, null, callSid, conversationId, false, MaxItems));
        var logMatches = logs.Find(new LogFilter(null, null, null, callSid, conversationId, null, MaxItems));
        return new CallViewResponse(callSid, conversationId, call, transcript, traceMatches.Traces, logMatches.Logs);
    }

    private static string? ConversationId(UpstreamAnswer answer) =>
        answer is { Status: "ok", Body: { ValueKind: JsonValueKind.Object } body }
        && body.TryGetProperty("conversation_id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
