namespace CallSid.AppHost.Hosting;

/// <summary>The last lines a resource wrote (bounded, oldest dropped first), for its failure messages and the dashboard.</summary>
public sealed class ConsoleLog(int capacity = ConsoleLog.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    // A ring indexed by sequence number: line n lives at (n - 1) % capacity, so reading after any n costs only what it returns.
    private readonly ConsoleLine[] _ring = new ConsoleLine[capacity];
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
            _ring[(_sequence - 1) % capacity] = line;
        }

        LineAdded?.Invoke(line);
        return line;
    }

    /// <summary>Lines after <paramref name="after"/>, oldest first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<ConsoleLine> Read(long after, int max)
    {
        lock (_lock)
        {
            var first = Math.Max(after + 1, Oldest);
            var count = (int)Math.Clamp(_sequence - first + 1, 0, max);
            var lines = new List<ConsoleLine>(count);
            for (var sequence = first; sequence < first + count; sequence++)
            {
                lines.Add(_ring[(sequence - 1) % capacity]);
            }

            return lines;
        }
    }

    /// <summary>The last <paramref name="count"/> lines as text, for a failure message.</summary>
    public string Tail(int count, string separator)
    {
        var lines = Read(Math.Max(0, Volatile.Read(ref _sequence) - count), count);
        return lines.Count == 0 ? "(no output)" : string.Join(separator, lines.Select(line => line.Text));
    }

    private long Oldest => Math.Max(1, _sequence - capacity + 1);
}
