namespace CallSid.Testing;

/// <summary>
/// A project of this solution that runs as its own process. Each <c>ProjectReference</c> marked
/// <c>IsResourceProject="true"</c> becomes a class <c>Projects.{Project_Name}</c> implementing this (generated at build
/// time by <c>ResourceProjects.targets</c>, as Aspire's AppHost SDK generates its <c>Projects.*</c> types).
/// </summary>
public interface IProjectMetadata
{
    /// <summary>The project file.</summary>
    string ProjectPath { get; }

    /// <summary>The project's built assembly, in the configuration the referencing project was built in.</summary>
    string AssemblyPath { get; }
}
