
namespace CallSid.Testing;

/// <summary>Runs one of the solution's built projects as a real process, the way the AppHost or an operator would.</summary>
public static class ProjectProcess
{
    public static RunningProject Start<TProject>(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
        where TProject : IProjectMetadata, new()
    {
        var project = new TProject();
        var start = ChildProcess.Describe(DotnetHost.Path, [project.AssemblyPath, .. arguments], Path.GetDirectoryName(project.AssemblyPath));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new RunningProject(Path.GetFileNameWithoutExtension(project.ProjectPath), start);
    }

    /// <summary>Runs to completion: the exit code and everything it wrote.</summary>
    public static async Task<ProcessResult> RunAsync<TProject>(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
        where TProject : IProjectMetadata, new()
    {
        await using var running = Start<TProject>(arguments, environment);
        try
        {
            return new ProcessResult(await running.WaitForExitAsync(timeout), running.Output);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{typeof(TProject).Name} did not exit within {timeout}. Output so far:\n{running.Output}");
        }
    }
}
