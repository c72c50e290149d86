namespace CallSid.AppHost.Hosting;

/// <summary>A database the services reference by name (<c>ConnectionStrings__{name}</c>): local or external.</summary>
public abstract class DatabaseResource(string name) : Resource(name), IResourceWithConnectionString
{
    public override string Type => "Database";

    public abstract string? ConnectionString { get; }
}
