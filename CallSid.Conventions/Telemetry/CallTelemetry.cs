using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallSid.Conventions.Telemetry;

/// <summary>
/// Marks telemetry with the call it is about, so the dashboard's call view (and any OTLP backend) finds every span and
/// log line of a call: <c>callsid.call_sid</c>, and <c>callsid.conversation_id</c> once ElevenLabs named it.
/// </summary>
public static class CallTelemetry
{
    public const string CallSidAttribute = "callsid.call_sid";
    public const string ConversationIdAttribute = "callsid.conversation_id";

    /// <summary>
    /// Tags the current span (the request's) with the call, and returns a log scope that adds it to every line logged
    /// inside it (exported as attributes with OpenTelemetry's IncludeScopes).
    /// </summary>
    public static IDisposable? BeginCall(ILogger logger, string callSid, string? conversationId = null)
    {
        var activity = Activity.Current;
        activity?.SetTag(CallSidAttribute, callSid);
        var state = new Dictionary<string, object?> { [CallSidAttribute] = callSid };
        if (conversationId is not null)
        {
            activity?.SetTag(ConversationIdAttribute, conversationId);
            state[ConversationIdAttribute] = conversationId;
        }

        return logger.BeginScope(state);
    }

    /// <summary>Tags the current span only (for code that logs nothing of its own).</summary>
    public static void Tag(string callSid, string? conversationId = null)
    {
        var activity = Activity.Current;
        activity?.SetTag(CallSidAttribute, callSid);
        if (conversationId is not null)
        {
            activity?.SetTag(ConversationIdAttribute, conversationId);
        }
    }

    /// <summary>The conversation, once known, on the current span and for the log lines of the returned scope.</summary>
    public static IDisposable? BeginConversation(ILogger logger, string conversationId)
    {
        Activity.Current?.SetTag(ConversationIdAttribute, conversationId);
        return logger.BeginScope(new Dictionary<string, object?> { [ConversationIdAttribute] = conversationId });
    }
}
