namespace CallSid.MigrationService.Data;

public enum DatabaseShapeKind
{
    /// <summary>Neither CallSid table exists yet.</summary>
    Empty,

    /// <summary>The old Python system's tables, with no migration history.</summary>
    Legacy,

    /// <summary>Migrated by this chain before (it has our history table).</summary>
    Ours,

    /// <summary>Anything else; the migrator refuses to touch it.</summary>
    Unrecognised,
}
