using CallSid.Calls.Model;

namespace CallSid.Calls.ElevenLabs;

/// <summary>What ElevenLabs' <c>GET /v1/convai/conversations/{conversation_id}</c> came to.</summary>
public abstract record ConversationLookup
{
    private ConversationLookup()
    {
    }

    /// <summary>ElevenLabs' answer, which has the shape of a post-call event's data.</summary>
    public sealed record Found(PostCallEventData Conversation) : ConversationLookup;

    /// <summary>ElevenLabs has no such conversation (404).</summary>
    public sealed record NotFound(string Problem) : ConversationLookup;

    /// <summary>No usable answer now (an error status, a timeout, an unreadable body); asking later may work.</summary>
    public sealed record Failed(string Problem) : ConversationLookup;
}
