using CallSid.Testing;

namespace CallSid.Benchmarks.Throughput;

/// <summary>What /proc says about processes' CPU time and memory, and the machine's load (their tree: <see cref="ProcessTree"/>).</summary>
public static class ProcessTable
{
    /// <summary>Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>
    /// CPU seconds (user + system) <paramref name="pid"/> has used, plus, with <paramref name="withChildren"/>, what its
    /// exited and reaped children used and what its live descendants use now (PostgreSQL's backends come and go).
    /// </summary>
    public static double CpuSeconds(int pid, bool withChildren = false)
    {
        if (TryReadStat(pid) is not { } fields)
        {
            return 0;
        }

        // After "(comm) ": state is fields[0], utime fields[11], stime fields[12], cutime fields[13], cstime fields[14].
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        if (withChildren)
        {
            ticks += long.Parse(fields[13]) + long.Parse(fields[14]);
            return ticks / TicksPerSecond + ProcessTree.Descendants(pid).Sum(child => CpuSeconds(child.Pid));
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>Resident set size in MiB (VmRSS): the process's working set.</summary>
    public static double ResidentMiB(int pid) => ReadStatusKiB(pid, "VmRSS:") / 1024.0;

    /// <summary>
    /// Proportional set size in MiB summed over <paramref name="pid"/> and its descendants: memory shared between them
    /// (PostgreSQL's shared buffers) is counted once, split among them, not once per process as VmRSS would.
    /// </summary>
    public static double ProportionalMiB(int pid) =>
        new[] { pid }.Concat(ProcessTree.Descendants(pid).Select(child => child.Pid)).Sum(p => ReadKiB($"/proc/{p}/smaps_rollup", "Pss:")) / 1024.0;

    /// <summary>Busy and total CPU seconds of the whole machine since boot (all cores), from /proc/stat.</summary>
    public static (double Busy, double Total) MachineCpuSeconds()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var total = cpu.Take(8).Sum(); // user nice system idle iowait irq softirq steal (guest is inside user)
        var idle = cpu[3] + cpu[4];
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    public static double LoadAverage1() => double.Parse(LoadAverage().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// TCP connections <paramref name="pid"/> holds to <paramref name="remotePort"/> on loopback: its socket descriptors
    /// matched, by inode, against the kernel's connection table.
    /// </summary>
    public static int CountConnections(int pid, int remotePort)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target[8..^1]);
            }
        }

        var port = remotePort.ToString("X4");
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(fields => fields[2].EndsWith(":" + port, StringComparison.Ordinal) && fields[3] == "01" && inodes.Contains(fields[9]));
    }

    private static string[]? TryReadStat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long ReadStatusKiB(int pid, string field) => ReadKiB($"/proc/{pid}/status", field);

    private static long ReadKiB(string file, string field)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0]);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
