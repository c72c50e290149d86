namespace CallSid.Dashboard.Telemetry;

/// <summary>
/// A fixed-capacity FIFO: adding to a full buffer evicts the oldest item. Not thread-safe; the stores lock around it.
/// </summary>
public sealed class CircularBuffer<T>(int capacity) where T : class
{
    private readonly T?[] _items = new T?[capacity];
    private int _start;

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    /// <summary>Adds <paramref name="item"/>; returns the item it evicted, if the buffer was full.</summary>
    public T? Add(T item)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count) % _items.Length] = item;
            Count++;
            return null;
        }

        var evicted = _items[_start];
        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
        return evicted;
    }

    /// <summary>The items, oldest first.</summary>
    public T[] ToArray()
    {
        var copy = new T[Count];
        for (var i = 0; i < Count; i++)
        {
            copy[i] = _items[(_start + i) % _items.Length]!;
        }

        return copy;
    }
}
