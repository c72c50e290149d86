using System.ComponentModel.DataAnnotations;

namespace CallSid.Conventions.Database;

/// <summary>Where the CallSid tables live. Bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string DefaultSchema = "dev";

    /// <summary>The PostgreSQL schema holding every CallSid table (the old Python system used <c>dev</c>).</summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "Database:Schema must be a lower-case PostgreSQL identifier (letters, digits, underscores; at most 63 characters).")]
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>How often a transient database failure is retried before the request fails with 503.</summary>
    [Range(0, 10)]
    public int MaxRetryCount { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long opening a new connection may take (whole seconds), unless the connection string sets <c>Timeout</c>.
    /// Npgsql does not stop a connection's start-up when a request is cancelled, so this, not the request's budget,
    /// bounds a turn when the database accepts connections but does not answer. Connections are pooled: few requests
    /// open one, but on a machine with no CPU to spare opening one (a server process, a SCRAM exchange) takes seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
