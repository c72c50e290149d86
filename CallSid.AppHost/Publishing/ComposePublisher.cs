using System.Globalization;
using static CallSid.AppHost.Publishing.ManifestYaml;

namespace CallSid.AppHost.Publishing;

/// <summary>
/// A <c>docker-compose.yaml</c> of the graph: a service per project with its replicas, the migrations completed before
/// the services start, and a PostgreSQL container with a volume where the graph runs its own. Secrets are
/// <c>${VARIABLES}</c> from <c>.env</c> (listed, empty, in <c>.env.example</c>); no value is written.
/// </summary>
public sealed class ComposePublisher(PublishingOptions options)
{
    private const string PostgresPort = "5432";

    // Aspire's PostgreSQL superuser when the graph names none (AddPostgres without a user parameter).
    private const string Superuser = "postgres";

    private const string Header =
        "Written by `dotnet run --project CallSid.AppHost -- publish --publisher compose` from the AppHost's graph.\n" +
        "Do not edit: change the graph (or the Publishing settings) and publish again. Put the variables of\n" +
        ".env.example in .env beside this file, then `docker compose up`.";

    private readonly SortedSet<string> _variables = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Write(IReadOnlyList<PublishedProject> projects, DistributedApplicationModel model)
    {
        var services = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var volumes = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            services[project.Name] = Service(project);
        }

        // An external database (AddConnectionString) is a variable; Aspire's PostgreSQL a container with a volume.
        foreach (var postgres in PublishedProject.PublishableResources(model, "compose").OfType<PostgresServerResource>())
        {
            services[postgres.Name] = Postgres(postgres);
            volumes[$"{postgres.Name}-data"] = Map();
        }

        var compose = Map(("services", services), ("volumes", volumes.Count > 0 ? volumes : null));
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["docker-compose.yaml"] = Documents([compose], Header),
            [".env.example"] = EnvironmentExample(),
        };
    }

    private object Service(PublishedProject project)
    {
        var environment = Map(project.Settings.Select(s => (s.Key, Value: (object?)(s.Value switch
        {
            PublishedValue.Literal literal => literal.Value.Replace("$", "$$"), // compose would read $ as a variable
            PublishedValue.ServiceAddress address => $"http://{address.Service.Name}:{options.ContainerPort}",
            PublishedValue.Secret secret => Variable(VariableName(secret.Parameter.Name)),
            PublishedValue.ConnectionString connection => ConnectionString(connection.Database),
            // No per-container value exists in compose; each process's telemetry SDK makes its own instance id.
            PublishedValue.InstanceId => null,
            _ => throw new InvalidOperationException($"{project.Name}: {s.Key} cannot be written to compose."),
        }))).ToArray());

        var dependsOn = Map(
            project.Jobs.Select(job => (job.Name, (object?)Map(("condition", "service_completed_successfully"))))
                .Concat(project.Dependencies.Select(Dependency).OfType<(string Name, object?)>().DistinctBy(d => d.Name)) // WaitFor(database) waits for its server too
                .ToArray());
        return Map(
            ("image", project.Image),
            ("environment", environment),
            ("depends_on", dependsOn.Count > 0 ? dependsOn : null),
            ("ports", project.IsExternal ? new List<object> { $"${{{VariableName(project.Name)}_PORT:-{options.ContainerPort}}}:{options.ContainerPort}" } : null),
            ("deploy", Map(
                ("replicas", project.IsJob ? null : project.Replicas),
                ("resources", Map(
                    ("reservations", Map(("cpus", Cpus(options.CpuRequest)), ("memory", Memory(options.MemoryRequest)))),
                    ("limits", Map(("cpus", Cpus(options.CpuLimit)), ("memory", Memory(options.MemoryLimit)))))))),
            ("restart", project.IsJob ? null : "unless-stopped"));
    }

    // What a project waits for before it starts: a service started, a database server healthy.
    private static (string, object?)? Dependency(IResource resource) => resource switch
    {
        _ when PublishedProject.IsExcluded(resource) => null,
        ProjectResource service => (service.Name, Map(("condition", "service_started"))),
        PostgresDatabaseResource database => (database.Parent.Name, Map(("condition", "service_healthy"))),
        PostgresServerResource server => (server.Name, Map(("condition", "service_healthy"))),
        _ => null, // an external database: nothing to wait for here (the migrations wait for it themselves)
    };

    private object Postgres(PostgresServerResource postgres) => Map(
        ("image", options.PostgresImage),
        ("environment", Map(("POSTGRES_PASSWORD", Variable(PasswordVariable(postgres))))),
        ("healthcheck", Map(("test", new List<object> { "CMD-SHELL", $"pg_isready -U {Superuser}" }), ("interval", "2s"), ("timeout", "5s"), ("retries", 30))),
        ("volumes", new List<object> { $"{postgres.Name}-data:/var/lib/postgresql/data" }),
        ("restart", "unless-stopped"));

    private string ConnectionString(IResourceWithConnectionString database) => database switch
    {
        PostgresDatabaseResource { Parent: var server } db =>
            $"Host={server.Name};Port={PostgresPort};Username={Superuser};Password={Variable(PasswordVariable(server))};Database={db.DatabaseName}",
        _ => Variable($"{VariableName(database.Name)}_CONNECTION_STRING"),
    };

    /// <summary>The variable of the server's password parameter (Aspire's <c>postgres-password</c>: <c>POSTGRES_PASSWORD</c>).</summary>
    private static string PasswordVariable(PostgresServerResource server) => VariableName(server.PasswordParameter.Name);

    /// <summary><c>${NAME:?...}</c>: docker compose refuses to start, naming it, while it is not set.</summary>
    private string Variable(string name)
    {
        _variables.Add(name);
        return $"${{{name}:?set {name} in .env}}";
    }

    private static string VariableName(string name) => name.Replace('-', '_').ToUpperInvariant();

    /// <summary>Kubernetes CPU quantities (<c>250m</c>, <c>1</c>) as compose's decimal cpus (<c>0.25</c>, <c>1</c>).</summary>
    private static string Cpus(string quantity) => quantity.EndsWith('m')
        ? (decimal.Parse(quantity[..^1], CultureInfo.InvariantCulture) / 1000).ToString(CultureInfo.InvariantCulture)
        : quantity;

    /// <summary>Kubernetes memory quantities (<c>512Mi</c>) as compose's byte values (<c>512M</c>, also 1024-based).</summary>
    private static string Memory(string quantity) => quantity.EndsWith("i", StringComparison.Ordinal) ? quantity[..^1] : quantity;

    private string EnvironmentExample() =>
        "# The variables docker-compose.yaml reads. Copy this file to .env beside it, fill in every value, and keep .env\n" +
        "# out of version control. Single-quote a value that contains $ (compose would read it as a variable).\n" +
        string.Concat(_variables.Select(name => $"{name}=\n"));
}
