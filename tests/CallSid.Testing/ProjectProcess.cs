using System.Diagnostics;
using System.Reflection;
using System.Text;
using CallSid.AppHost.Hosting;

namespace CallSid.Testing;

/// <summary>Runs one of the solution's built projects as a real process, the way the AppHost or an operator would.</summary>
public static class ProjectProcess
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static readonly string Configuration =
        typeof(ProjectProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The built assembly of <paramref name="project"/>, e.g. <c>CallSid.MigrationService</c>.</summary>
    public static string AssemblyPath(string project) =>
        Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", project + ".dll");

    public static RunningProject Start(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = ChildProcess.Describe(DotnetHost.Path, [AssemblyPath(project), .. arguments], Path.GetDirectoryName(AssemblyPath(project)));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new RunningProject(project, start);
    }

    /// <summary>Runs to completion: the exit code and everything it wrote.</summary>
    public static async Task<ProcessResult> RunAsync(
        string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        await using var running = Start(project, arguments, environment);
        try
        {
            return new ProcessResult(await running.WaitForExitAsync(timeout), running.Output);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{project} did not exit within {timeout}. Output so far:\n{running.Output}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CallSid.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"CallSid.sln not found above {AppContext.BaseDirectory}");
    }
}

public sealed record ProcessResult(int ExitCode, string Output);

/// <summary>A project's process while it runs: its output so far, waiting for a line or for its exit, stopping it.</summary>
public sealed class RunningProject : IAsyncDisposable
{
    private readonly string _project;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    internal RunningProject(string project, ProcessStartInfo start)
    {
        _project = project;
        _process = ChildProcess.Start(start, line => { lock (_output) _output.AppendLine(line); });
    }

    public int Id => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Waits for a line containing <paramref name="text"/>; fails with the output so far if the process exits or time runs out.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_project} exited ({_process.ExitCode}) before '{text}'. Output:\n{Output}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"No '{text}' from {_project} within {timeout}. Output:\n{Output}");
            }

            await Task.Delay(100);
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
