using System.Collections.Concurrent;
using System.Text.Json;

namespace CallSid.ElevenLabsEmulator;

/// <summary>Everything the emulator received, so tests (and curious developers) can see exactly what was sent.</summary>
public sealed class ReceivedCalls
{
    private readonly ConcurrentQueue<ReceivedCall> _calls = new();

    /// <summary>Runs when a valid request arrives, before it is answered (tests look at the database at that moment).</summary>
    public Func<JsonElement, Task>? OnOutboundCall { get; set; }

    public IReadOnlyList<ReceivedCall> All => _calls.ToArray();

    public void Add(ReceivedCall call) => _calls.Enqueue(call);
}
