using CallSid.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Telemetry;

/// <summary>The newest <c>MaxLogCount</c> log records, oldest dropped first.</summary>
public sealed class LogStore(IOptions<DashboardOptions> options)
{
    private readonly Lock _lock = new();
    private readonly CircularBuffer<LogEntry> _entries = new(options.Value.TelemetryLimits.MaxLogCount);
    private long _sequence;

    public long Version => Interlocked.Read(ref _sequence);

    /// <summary>Hands out the next arrival sequence number (the store's order).</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(IReadOnlyList<LogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var entry in entries)
            {
                _entries.Add(entry);
            }
        }
    }

    /// <summary>Every stored record, oldest first.</summary>
    public LogEntry[] Snapshot()
    {
        lock (_lock)
        {
            return _entries.ToArray();
        }
    }
}
