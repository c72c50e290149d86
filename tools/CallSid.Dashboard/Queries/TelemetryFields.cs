namespace CallSid.Dashboard.Queries;

/// <summary>The attribute names CallSid's services put on their spans and log scopes.</summary>
public static class TelemetryFields
{
    public const string CallSid = "callsid.call_sid";
    public const string ConversationId = "callsid.conversation_id";
}
