using System.Diagnostics;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// The two ways this benchmark drives load from its own process. Closed loop: a fixed number of workers, each sending
/// its next request when the last is answered (saturation). Open loop: requests leave on a fixed schedule whether or
/// not earlier ones were answered, and latency is counted from when a request was due, so a stall shows in the
/// percentiles instead of quietly lowering the rate (no coordinated omission).
/// </summary>
public static class LoadLoops
{
    /// <param name="send">Sends request number n from worker w; true when it was answered with success.</param>
    public static async Task<LoadResult> ClosedAsync(int workers, TimeSpan duration, Func<int, long, CancellationToken, Task<bool>> send, CancellationToken cancellationToken)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var latencies = new List<double>[workers];
        long failures = 0, next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(capacity: 16_384);
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                if (await send(worker, Interlocked.Increment(ref next), cancellationToken))
                {
                    mine.Add((clock.Elapsed - started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        return LoadResult.FromLatencies(latencies.SelectMany(l => l).ToList(), failures, elapsed, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <param name="rate">Requests per second, spread evenly (a tick every millisecond sends whatever has fallen due).</param>
    public static async Task<LoadResult> OpenAsync(double rate, TimeSpan duration, Func<long, CancellationToken, Task<bool>> send, CancellationToken cancellationToken)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var total = (long)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var succeeded = new bool[total];
        var inFlight = new List<Task>(capacity: (int)Math.Min(total, 1_000_000));
        var clock = Stopwatch.StartNew();
        for (long n = 0; n < total;)
        {
            var now = clock.Elapsed.TotalSeconds;
            for (; n < total && n / rate <= now; n++)
            {
                inFlight.Add(SendOneAsync(n, n / rate));
            }

            await Task.Delay(1, cancellationToken);
        }

        await Task.WhenAll(inFlight);
        var elapsed = TimeSpan.FromSeconds(total / rate);
        var answered = latencies.Where((_, i) => succeeded[i]).ToList();
        return LoadResult.FromLatencies(answered, total - answered.Count, elapsed, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);

        async Task SendOneAsync(long n, double due)
        {
            await Task.Yield(); // the schedule loop goes on at once
            succeeded[n] = await send(n, cancellationToken);
            latencies[n] = (clock.Elapsed.TotalSeconds - due) * 1000;
        }
    }
}
