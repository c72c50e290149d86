namespace CallSid.Calls.Services;

/// <summary>Wakes a background loop of this process at once rather than at its next poll; signals add up to one wake-up.</summary>
public abstract class WakeUpSignal
{
    private readonly SemaphoreSlim _signalled = new(0, 1);

    public void Notify()
    {
        try
        {
            _signalled.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up handles everything that is due.
        }
    }

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signalled.WaitAsync(timeout, cancellationToken);
}
