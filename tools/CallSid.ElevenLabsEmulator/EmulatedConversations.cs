using System.Collections.Concurrent;

namespace CallSid.ElevenLabsEmulator;

/// <summary>Every conversation the emulator accepted, by conversation_id.</summary>
public sealed class EmulatedConversations
{
    private readonly ConcurrentDictionary<string, EmulatedConversation> _conversations = new();

    public IReadOnlyList<EmulatedConversation> All => _conversations.Values.ToArray();

    public void Add(EmulatedConversation conversation) => _conversations[conversation.ConversationId] = conversation;

    public EmulatedConversation? Find(string conversationId) => _conversations.GetValueOrDefault(conversationId);
}
