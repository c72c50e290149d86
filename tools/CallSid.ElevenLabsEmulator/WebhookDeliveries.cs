using System.Collections.Concurrent;

namespace CallSid.ElevenLabsEmulator;

/// <summary>Every post-call event the emulator sent, so tests can see how CallSid answered each (ElevenLabs counts failures).</summary>
public sealed class WebhookDeliveries
{
    private readonly ConcurrentQueue<WebhookDelivery> _deliveries = new();

    public IReadOnlyList<WebhookDelivery> All => _deliveries.ToArray();

    public void Add(WebhookDelivery delivery) => _deliveries.Enqueue(delivery);
}
