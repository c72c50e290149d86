using System.Diagnostics;

namespace CallSid.Testing;

/// <summary>
/// Makes a child process die with us. When this process exits without stopping the child (killed, crashed, a
/// cancelled test run), a tiny shell loop notices within a second, signals the child, and can delete its scratch
/// directory. Linux's parent-death signal is not used because it fires when the creating thread ends, and .NET
/// starts processes from pool threads.
/// </summary>
public static class ProcessWatchdog
{
    private const string Script = """
        parent=$1; child=$2; sig=$3; dir=$4
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        kill -0 "$parent" 2>/dev/null && exit 0
        if kill -0 "$child" 2>/dev/null; then
          kill -"$sig" "$child" 2>/dev/null
          i=0
          while kill -0 "$child" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i+1)); done
          kill -9 "$child" 2>/dev/null
        fi
        [ -n "$dir" ] && rm -rf -- "$dir"
        exit 0
        """;

    public static void Guard(int childPid, int signal, string? deleteDirectory = null)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", Script, "callsid-watchdog", Environment.ProcessId.ToString(), childPid.ToString(), signal.ToString(), deleteDirectory ?? string.Empty },
            RedirectStandardInput = true, // detach from our terminal's input
            UseShellExecute = false,
        };
        ChildProcess.InOwnSession(start); // like the child it guards: a signal to our process group must not take it with us
        using var watchdog = Process.Start(start);
    }
}
