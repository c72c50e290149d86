namespace CallSid.Testing;

/// <summary>The server could not start; the message carries the reason and the server's last log lines.</summary>
public sealed class PostgresStartException(string message) : Exception(message);
