using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost.Hosting;

/// <summary>
/// The AppHost's model of the system, after Aspire's <c>DistributedApplication.CreateBuilder</c>: resources, what
/// each references and waits for. Settings come from appsettings.json, environment variables and the command line.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    internal DistributedApplicationBuilder(string[] args)
    {
        // Aspire's command line: `publish --publisher kubernetes --output-path DIR` (or `--operation publish ...`).
        var verb = args is ["publish", ..] ? new Dictionary<string, string?> { [DistributedApplicationExecutionContext.OperationKey] = "publish" } : [];
        Configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(verb)
            .AddCommandLine(args, new Dictionary<string, string>
            {
                ["--operation"] = DistributedApplicationExecutionContext.OperationKey,
                ["--publisher"] = "Publishing:Publisher",
                ["--output-path"] = "Publishing:OutputPath",
            })
            .Build();
        ExecutionContext = DistributedApplicationExecutionContext.From(Configuration);
    }

    public IConfiguration Configuration { get; }

    /// <summary>Run or publish: the graph is the same; what exists only on this machine asks this.</summary>
    public DistributedApplicationExecutionContext ExecutionContext { get; }

    internal List<Resource> Resources { get; } = [];

    internal List<Secret> Secrets { get; } = [];

    /// <summary>The SRE dashboard of this run, when <see cref="DashboardBuilderExtensions.AddDashboard{TProject}"/> added one.</summary>
    public DashboardSettings? Dashboard { get; internal set; }

    /// <summary>Where the resource service listens once the application runs (the dashboard is told at its start).</summary>
    internal Uri? ResourceServiceUrl { get; set; }

    public ResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (Resources.Any(r => r.Name == resource.Name))
        {
            throw new InvalidOperationException($"There is already a resource named {resource.Name}.");
        }

        Resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    /// <summary>
    /// A secret from the AppHost's configuration (<paramref name="configurationKey"/>), or a random one for this run
    /// when it is not set. (Aspire's <c>AddParameter(name, secret: true)</c> reads <c>Parameters:{name}</c> and has no
    /// generated fallback, hence a name of its own.) When publishing, nothing is read or generated: the output names
    /// the orchestrator's Secret <paramref name="name"/>.
    /// </summary>
    public Secret AddSecret(string name, string configurationKey)
    {
        var secret = ExecutionContext.IsPublishMode
            ? new Secret(name, configurationKey, string.Empty, Generated: false)
            : Configuration[configurationKey] is { Length: > 0 } configured
            ? new Secret(name, configurationKey, configured, Generated: false)
            : new Secret(name, configurationKey, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), Generated: true);
        Secrets.Add(secret);
        return secret;
    }

    public DistributedApplication Build() => new(this);
}
