using System.Collections.Concurrent;

namespace CallSid.Transcripts.Services;

/// <summary>
/// Turns of one conversation queue here, in memory, before they take a database connection: the database serialises
/// them anyway (the advisory lock), so a burst of one call's turns holds one connection instead of one each, and no
/// burst makes the pool open connections on a machine with no CPU to spare. Other conversations pass in parallel.
/// </summary>
public sealed class ConversationGate
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    /// <summary>Waits (as long as <paramref name="cancellationToken"/> allows) for this conversation's turn.</summary>
    public async Task<IDisposable> EnterAsync(string conversationId, CancellationToken cancellationToken)
    {
        var entry = Acquire(conversationId);
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(conversationId, entry);
            throw;
        }

        return new Pass(this, conversationId, entry);
    }

    private Entry Acquire(string conversationId)
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(conversationId, _ => new Entry());
            lock (entry)
            {
                if (!entry.Removed)
                {
                    entry.Users++;
                    return entry;
                }
            }
        }
    }

    /// <summary>The last user removes the entry, so the dictionary holds only conversations with turns in flight.</summary>
    private void Release(string conversationId, Entry entry)
    {
        lock (entry)
        {
            if (--entry.Users == 0)
            {
                entry.Removed = true;
                _entries.TryRemove(KeyValuePair.Create(conversationId, entry));
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }

        public bool Removed { get; set; }
    }

    private sealed class Pass(ConversationGate gate, string conversationId, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                entry.Semaphore.Release();
                gate.Release(conversationId, entry);
            }
        }
    }
}
