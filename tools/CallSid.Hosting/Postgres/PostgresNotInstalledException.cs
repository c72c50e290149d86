namespace CallSid.Hosting.Postgres;

/// <summary>Required PostgreSQL server binaries are missing.</summary>
public sealed class PostgresNotInstalledException(string message) : Exception(message);
