namespace CallSid.Calls.Model;

/// <summary>
/// The body of Transcripts' <c>POST /conversations/{conversation_id}/transcript</c>: the whole conversation as
/// ElevenLabs recorded it. Transcripts stores the turns it does not have yet; sending it again adds nothing.
/// </summary>
public sealed record TranscriptHandoverRequest(string CallSid, DateTime ConversationStart, IReadOnlyList<HandoverTurn> Turns)
{
    /// <summary>
    /// The spoken turns of <paramref name="transcript"/>, or null when it has none. Entries without words (tool calls)
    /// are left out, and so are roles other than agent and user, which name no speaker of ours.
    /// </summary>
    public static TranscriptHandoverRequest? From(string callSid, DateTime conversationStart, IReadOnlyList<PostCallTranscriptItem?>? transcript)
    {
        var turns = (transcript ?? [])
            .Where(item => item is { Role: "agent" or "user", Message: { } message } && !string.IsNullOrWhiteSpace(message))
            .Select(item => new HandoverTurn(item!.Role!, item.Message!, Math.Max(0, item.TimeInCallSecs ?? 0)))
            .ToList();
        return turns.Count == 0 ? null : new TranscriptHandoverRequest(callSid, DateTime.SpecifyKind(conversationStart, DateTimeKind.Utc), turns);
    }
}
