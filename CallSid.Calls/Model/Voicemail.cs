namespace CallSid.Calls.Model;

/// <summary>
/// Recognises a conversation that reached voicemail from what ElevenLabs sends: the agent called the
/// <c>voicemail_detection</c> system tool (a transcript item's <c>tool_calls</c>), or the termination reason says so
/// (ElevenLabs ends such calls with a reason naming voicemail).
/// </summary>
public static class Voicemail
{
    public const string ToolName = "voicemail_detection";

    public static bool Reached(PostCallEventData data) =>
        data.Metadata?.TerminationReason?.Contains("voicemail", StringComparison.OrdinalIgnoreCase) == true
        || (data.Transcript ?? []).Any(item => item?.ToolCalls?.Any(tool => tool?.ToolName == ToolName) == true);
}
