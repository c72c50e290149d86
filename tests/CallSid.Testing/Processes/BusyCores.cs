namespace CallSid.Testing;

/// <summary>Keeps every core busy (one spinning thread each) until disposed: a test of behaviour on a loaded machine.</summary>
public sealed class BusyCores : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads;

    private BusyCores(int threads)
    {
        _threads = Enumerable.Range(0, threads).Select(_ => new Thread(Spin) { IsBackground = true, Name = "busy core" }).ToList();
        _threads.ForEach(t => t.Start());
    }

    public static BusyCores Start() => new(Environment.ProcessorCount);

    public void Dispose()
    {
        _stop.Cancel();
        _threads.ForEach(t => t.Join());
        _stop.Dispose();
    }

    private void Spin()
    {
        var token = _stop.Token;
        var x = 0UL;
        while (!token.IsCancellationRequested)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
        }

        GC.KeepAlive(x);
    }
}
