using System.Diagnostics;

namespace CallSid.Testing;

/// <summary>
/// Waiting until something is ready by asking it again and again: a server that accepts connections, a service
/// whose <c>/health</c> answers, a line in a process's output. The waits differ only in what they ask.
/// </summary>
public static class Readiness
{
    /// <summary>
    /// Calls <paramref name="probe"/> every <paramref name="interval"/> until it answers null (ready), for at most
    /// <paramref name="timeout"/>. The probe answers why it is not ready yet; that reason is the message of the
    /// <see cref="TimeoutException"/> thrown when time runs out. A probe that knows waiting is pointless (the process
    /// exited) throws, and the wait ends with its exception.
    /// </summary>
    public static async Task WaitAsync(
        Func<CancellationToken, Task<string?>> probe, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var notReady = await probe(cancellationToken);
            if (notReady is null)
            {
                return;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException(notReady);
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    /// <summary>The same, for a probe that needs no waiting of its own.</summary>
    public static Task WaitAsync(Func<string?> probe, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken = default) =>
        WaitAsync(_ => Task.FromResult(probe()), timeout, interval, cancellationToken);
}
