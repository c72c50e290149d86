namespace CallSid.AppHost.Hosting;

/// <summary>A resource others reach with a connection string (<c>ConnectionStrings__{name}</c>).</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    string? ConnectionString { get; }
}
