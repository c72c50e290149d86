using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace CallSid.Testing;

/// <summary>Runs one of the solution's built projects as a real process, the way the AppHost or an operator would.</summary>
public static class ProjectProcess
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static readonly string Configuration =
        typeof(ProjectProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The built assembly of <paramref name="project"/>, e.g. <c>CallSid.MigrationService</c>.</summary>
    public static string AssemblyPath(string project, string? directory = null) =>
        Path.Combine(RepositoryRoot, directory ?? project, "bin", Configuration, "net10.0", project + ".dll");

    public static async Task<ProcessResult> RunAsync(
        string project,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(CallSid.AppHost.Hosting.DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AssemblyPath(project))!,
        };
        start.ArgumentList.Add(AssemblyPath(project));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{project} did not exit within {timeout}. Output so far:\n{output}");
        }

        process.WaitForExit(); // flush the redirected streams
        lock (output)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
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
