namespace CallSid.Transcripts.Services;

/// <summary>What the Calls service said of a call_sid: its conversation, or why there is none to store turns in.</summary>
public abstract record CallLookup
{
    private CallLookup()
    {
    }

    /// <summary>The call exists and ElevenLabs accepted it as <paramref name="ConversationId"/>.</summary>
    public sealed record Found(string ConversationId) : CallLookup;

    /// <summary>There is no conversation to store turns in, and asking again will not change that; <paramref name="Problem"/> says why.</summary>
    public abstract record Rejected(string Problem) : CallLookup;

    /// <summary>No call has this call_sid.</summary>
    public sealed record NotFound(string Problem) : Rejected(Problem);

    /// <summary>The call exists but has no conversation_id (the dial failed or is still under way).</summary>
    public sealed record NoConversation(string Problem) : Rejected(Problem);

    /// <summary>Calls refused the call_sid itself (a 4xx other than 404).</summary>
    public sealed record Refused(string Problem) : Rejected(Problem);

    /// <summary>Calls could not answer; asking again later may.</summary>
    public sealed record Unavailable(string Problem) : CallLookup;
}
