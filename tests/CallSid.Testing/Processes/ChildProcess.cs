using System.Diagnostics;

namespace CallSid.Testing;

/// <summary>Starting a child process whose output is read line by line and which never reads our terminal.</summary>
public static class ChildProcess
{
    public static ProcessStartInfo Describe(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Starts <paramref name="start"/>; every line it writes, to either stream, goes to <paramref name="onLine"/>.</summary>
    public static Process Start(ProcessStartInfo start, Action<string> onLine) => Start(start, (line, _) => onLine(line));

    /// <summary>The same, telling which stream each line came from (<c>true</c>: standard error).</summary>
    public static Process Start(ProcessStartInfo start, Action<string, bool> onLine)
    {
        InOwnSession(start);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data, false); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data, true); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Runs the child in a session of its own (<c>setsid</c> execs it in place: same pid, no extra process), so a
    /// terminal's Ctrl+C or hang-up reaches only us, and we stop our children in order (the edge before the services,
    /// the database last) instead of each of them stopping at once. If we die first, <see cref="ProcessWatchdog"/>
    /// stops them.
    /// </summary>
    internal static void InOwnSession(ProcessStartInfo start)
    {
        if (OperatingSystem.IsWindows() || start.FileName == SetsidPath || !File.Exists(SetsidPath))
        {
            return;
        }

        start.ArgumentList.Insert(0, start.FileName);
        start.FileName = SetsidPath;
    }

    internal const string SetsidPath = "/usr/bin/setsid";

    /// <summary>
    /// Sends <paramref name="signal"/> (SIGTERM lets a host finish requests and flush telemetry) and waits up to
    /// <paramref name="grace"/>; a process that hangs is killed with its children.
    /// </summary>
    public static async Task StopAsync(Process process, int signal, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        Posix.Signal(process.Id, signal);
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
