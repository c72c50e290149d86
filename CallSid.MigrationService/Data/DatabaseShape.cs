namespace CallSid.MigrationService.Data;

public sealed record DatabaseShape(DatabaseShapeKind Kind, string Description);
