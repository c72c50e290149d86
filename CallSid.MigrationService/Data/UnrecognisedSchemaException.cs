namespace CallSid.MigrationService.Data;

/// <summary>A database the migrator will not touch; the message says what it found.</summary>
public sealed class UnrecognisedSchemaException(string message) : Exception(message);
