namespace CallSid.Testing;

public sealed record PostgresServerOptions
{
    /// <summary>The cluster's data directory; initialised on first start, reused afterwards.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Loopback TCP port. The server listens on 127.0.0.1 only and opens no Unix socket.</summary>
    public required int Port { get; init; }

    /// <summary>Where initdb and postgres live; null searches PATH and /usr/lib/postgresql/*/bin.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>Superuser password, set at initdb. Null means trust authentication (throwaway test clusters).</summary>
    public string? Password { get; init; }

    /// <summary>Throwaway clusters skip fsync (much faster, and nothing is lost that a test cares about) and allow 300 connections.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Deletes the data directory on stop, and the watchdog deletes it if this process dies first.</summary>
    public bool DeleteDataDirectoryOnStop { get; init; }

    public Action<string>? Log { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
