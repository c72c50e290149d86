namespace CallSid.Calls.Services;

/// <summary>Wakes this process's dispatcher when a hand-over was queued, so it is sent at once rather than at the next poll.</summary>
public sealed class TranscriptHandoverSignal
{
    private readonly SemaphoreSlim _queued = new(0, 1);

    public void Notify()
    {
        try
        {
            _queued.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up sends everything that is due.
        }
    }

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _queued.WaitAsync(timeout, cancellationToken);
}
