namespace CallSid.Benchmarks.Throughput;

/// <summary>CPU seconds of each process of the system, and of the whole machine, read from /proc at one moment.</summary>
public sealed class CpuMeter(IReadOnlyDictionary<string, int> processes)
{
    public sealed record Reading(Dictionary<string, double> Seconds, double MachineBusy, double MachineTotal);

    public Reading Read()
    {
        var machine = ProcessTable.MachineCpuSeconds();
        var seconds = processes.ToDictionary(p => p.Key, p => ProcessTable.CpuSeconds(p.Value, withChildren: p.Key == "postgres"));
        return new Reading(seconds, machine.Busy, machine.Total);
    }

    /// <summary>CPU seconds per process between two readings, plus "machine" (every core's busy time) and "idle".</summary>
    public static Dictionary<string, double> Between(Reading before, Reading after)
    {
        var used = after.Seconds.ToDictionary(p => p.Key, p => p.Value - before.Seconds.GetValueOrDefault(p.Key));
        used["machine"] = after.MachineBusy - before.MachineBusy;
        used["idle"] = (after.MachineTotal - before.MachineTotal) - used["machine"];
        return used;
    }
}
