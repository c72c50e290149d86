using System.Collections.Concurrent;
using System.Text.Json;

namespace CallSid.ElevenLabsEmulator;

/// <summary>One outbound-call request as received, and what the emulator answered.</summary>
public sealed record ReceivedCall(DateTimeOffset ReceivedAt, bool ApiKeyPresent, JsonElement Body, int StatusCode, string? ConversationId, string? CallSid);

/// <summary>Everything the emulator received, so tests (and curious developers) can see exactly what was sent.</summary>
public sealed class ReceivedCalls
{
    private readonly ConcurrentQueue<ReceivedCall> _calls = new();

    /// <summary>Runs when a valid request arrives, before it is answered (tests look at the database at that moment).</summary>
    public Func<JsonElement, Task>? OnOutboundCall { get; set; }

    public IReadOnlyList<ReceivedCall> All => _calls.ToArray();

    public void Add(ReceivedCall call) => _calls.Enqueue(call);
}
