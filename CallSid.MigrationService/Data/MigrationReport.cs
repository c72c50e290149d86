namespace CallSid.MigrationService.Data;

public sealed record MigrationReport(DatabaseShapeKind Found, IReadOnlyList<string> Applied, IReadOnlyList<string> Reverted, string? Current);
