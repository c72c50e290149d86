using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace CallSid.Testing;

/// <summary>The few POSIX calls .NET has no API for: sending a signal other than SIGKILL, who we run as, who owns a file.</summary>
public static class Posix
{
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static bool IsRoot => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? geteuid() == 0 : false;

    public static uint EffectiveUserId => geteuid();

    /// <summary>
    /// The user id owning <paramref name="path"/> (not following a final symbolic link). Asked of <c>stat</c>, since the
    /// C struct's layout differs by architecture; used once at start-up, where a process costs nothing.
    /// </summary>
    public static uint OwnerOf(string path)
    {
        var start = new ProcessStartInfo("stat") { ArgumentList = { "-c", "%u", "--", path }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var stat = Process.Start(start)!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return stat.ExitCode == 0 && uint.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            ? uid
            : throw new IOException($"Could not tell who owns {path}: {stat.StandardError.ReadToEnd().Trim()}");
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone.</summary>
    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    public static bool IsAlive(int pid) => kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1; // EPERM: alive, not ours

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern uint geteuid();
}
