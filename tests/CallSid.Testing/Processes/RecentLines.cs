namespace CallSid.Testing;

/// <summary>The last lines a process wrote, to show with its failure.</summary>
public sealed class RecentLines(int capacity)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public string Join(string separator, int last = int.MaxValue)
    {
        lock (_lines)
        {
            return _lines.Count == 0 ? "(no output)" : string.Join(separator, _lines.TakeLast(last));
        }
    }
}
