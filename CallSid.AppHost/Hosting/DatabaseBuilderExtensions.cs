using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost.Hosting;

/// <summary>The database resources: a local PostgreSQL cluster and its databases, or an external connection string.</summary>
public static class DatabaseBuilderExtensions
{
    /// <summary>
    /// A PostgreSQL server run from the local server binaries on 127.0.0.1:<paramref name="port"/>. (Aspire's
    /// <c>AddPostgres</c> runs a container, hence a name of its own.)
    /// </summary>
    public static ResourceBuilder<LocalPostgresResource> AddLocalPostgres(this DistributedApplicationBuilder builder, string name, int port) =>
        builder.AddResource(new LocalPostgresResource(name, port));

    /// <summary>Where the cluster's data lives; kept across runs, like a container's data volume.</summary>
    public static ResourceBuilder<LocalPostgresResource> WithDataDirectory(this ResourceBuilder<LocalPostgresResource> server, string dataDirectory)
    {
        server.Resource.DataDirectory = dataDirectory;
        return server;
    }

    /// <summary>Where <c>initdb</c> and <c>postgres</c> are; null or empty searches PATH and /usr/lib/postgresql/*/bin.</summary>
    public static ResourceBuilder<LocalPostgresResource> WithBinDirectory(this ResourceBuilder<LocalPostgresResource> server, string? binDirectory)
    {
        server.Resource.BinDirectory = string.IsNullOrEmpty(binDirectory) ? null : binDirectory;
        return server;
    }

    /// <summary>A database on the server, created when missing (as Aspire's <c>AddDatabase</c>).</summary>
    public static ResourceBuilder<DatabaseResource> AddDatabase(this ResourceBuilder<LocalPostgresResource> server, string name) =>
        server.Application.AddResource<DatabaseResource>(new PostgresDatabaseResource(name, server.Resource)).WaitFor(server);

    /// <summary>
    /// A database run elsewhere: <c>ConnectionStrings:{name}</c> of the AppHost's configuration (as Aspire's
    /// <c>AddConnectionString</c>). When publishing, the value is not read: the output refers to a Secret holding it.
    /// </summary>
    public static ResourceBuilder<DatabaseResource> AddConnectionString(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource<DatabaseResource>(new ConnectionStringResource(
            name,
            builder.ExecutionContext.IsPublishMode ? null
            : builder.Configuration.GetConnectionString(name) is { Length: > 0 } value ? value
            : throw new InvalidOperationException($"ConnectionStrings:{name} is not set in the AppHost's configuration.")));
}
