using System.Collections.Concurrent;

namespace CallSid.ElevenLabsEmulator;

/// <summary>Every conversation the emulator accepted, by conversation_id, and how many were live at once.</summary>
public sealed class EmulatedConversations
{
    private readonly ConcurrentDictionary<string, EmulatedConversation> _conversations = new();
    private readonly Lock _admission = new();
    private int _maxLive;
    private int _throttled;

    public IReadOnlyList<EmulatedConversation> All => _conversations.Values.ToArray();

    /// <summary>The most calls live at one moment since the emulator started.</summary>
    public int MaxLive => Volatile.Read(ref _maxLive);

    /// <summary>Dials refused with 429 because <see cref="EmulatorOptions.ConcurrencyLimit"/> calls were live.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    public int Live => _conversations.Values.Count(c => c.IsLive);

    /// <summary>Adds the conversation unless <paramref name="limit"/> calls are live (0: no limit); false means a 429.</summary>
    public bool TryAdmit(EmulatedConversation conversation, int limit)
    {
        lock (_admission)
        {
            var live = Live;
            if (limit > 0 && live >= limit)
            {
                Interlocked.Increment(ref _throttled);
                return false;
            }

            _conversations[conversation.ConversationId] = conversation;
            _maxLive = Math.Max(_maxLive, live + 1);
            return true;
        }
    }

    public EmulatedConversation? Find(string conversationId) => _conversations.GetValueOrDefault(conversationId);
}
