using System.Reflection;

namespace CallSid.AppHost.Hosting;

/// <summary>
/// Where the projects the AppHost runs are built (embedded at build time by the AppHost's csproj, as Aspire's
/// generated <c>Projects.*</c> types are).
/// </summary>
public static class Projects
{
    private static readonly Dictionary<string, string> Paths = typeof(Projects).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Key.StartsWith("project:", StringComparison.Ordinal) && a.Value is not null)
        .ToDictionary(a => a.Key["project:".Length..], a => a.Value!);

    /// <summary>The built assembly of <paramref name="project"/> (e.g. <c>CallSid.Calls</c>).</summary>
    public static string AssemblyPath(string project) =>
        Paths.TryGetValue(project, out var path)
            ? path
            : throw new InvalidOperationException($"{project} is not a project reference of CallSid.AppHost.");
}
