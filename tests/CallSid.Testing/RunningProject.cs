using System.Diagnostics;
using System.Text;

namespace CallSid.Testing;

/// <summary>A project's process while it runs: its output so far, waiting for a line or for its exit, stopping it.</summary>
public sealed class RunningProject : IAsyncDisposable
{
    private readonly string _project;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public RunningProject(string project, ProcessStartInfo start)
    {
        _project = project;
        _process = ChildProcess.Start(start, line => { lock (_output) _output.AppendLine(line); });
        // A test run that is killed or times out must not leave an AppHost (with its services and database) behind.
        ProcessWatchdog.Guard(_process.Id, Posix.SigTerm);
    }

    public int Id => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Waits for a line containing <paramref name="text"/>; fails with the output so far if the process exits or time runs out.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        try
        {
            await Readiness.WaitAsync(
                () => Output.Contains(text, StringComparison.Ordinal) ? null
                    : _process.HasExited ? throw new InvalidOperationException($"{_project} exited ({_process.ExitCode}) before '{text}'. Output:\n{Output}")
                    : "not yet",
                timeout,
                TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No '{text}' from {_project} within {timeout}. Output:\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // drain the redirected streams
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as a service manager or a container runtime stops a process.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout)
    {
        Posix.Signal(_process.Id, Posix.SigTerm);
        return WaitForExitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process, Posix.SigTerm, TimeSpan.FromSeconds(30));
        _process.Dispose();
    }
}
