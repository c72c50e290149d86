namespace CallSid.AppHost.Hosting;

/// <summary>The last lines a resource wrote (bounded, oldest dropped first), for its failure messages and the dashboard.</summary>
public sealed class ConsoleLog(int capacity = ConsoleLog.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private readonly Queue<ConsoleLine> _lines = new();
    private readonly Lock _lock = new();
    private long _sequence;

    /// <summary>Raised after each line is added, outside the log's lock.</summary>
    public event Action<ConsoleLine>? LineAdded;

    public ConsoleLine Add(string text, bool isError)
    {
        ConsoleLine line;
        lock (_lock)
        {
            line = new ConsoleLine(++_sequence, DateTimeOffset.UtcNow, isError ? "stderr" : "stdout", text);
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }

        LineAdded?.Invoke(line);
        return line;
    }

    /// <summary>Lines after <paramref name="after"/>, oldest first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<ConsoleLine> Read(long after, int max)
    {
        lock (_lock)
        {
            return _lines.Where(line => line.Sequence > after).Take(max).ToList();
        }
    }

    /// <summary>The last <paramref name="count"/> lines as text, for a failure message.</summary>
    public string Tail(int count, string separator)
    {
        lock (_lock)
        {
            return _lines.Count == 0 ? "(no output)" : string.Join(separator, _lines.TakeLast(count).Select(line => line.Text));
        }
    }
}
