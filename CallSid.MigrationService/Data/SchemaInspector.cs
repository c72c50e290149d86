using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Data;

/// <summary>Tells an empty schema, a legacy one, one of ours and anything else apart, before anything is changed.</summary>
public sealed class SchemaInspector(MigrationDbContext db)
{
    private static readonly string[] LegacyCallColumns =
        ["id", "conversation_id", "driver_id", "call_start_time", "call_end_time", "status", "created_at", "updated_at"];

    private static readonly string[] LegacyTranscriptionColumns =
        ["id", "conversation_id", "speaker_type", "message_text", "timestamp", "sequence_number", "created_at"];

    private static readonly string[] TextTypes = ["character varying", "text"];

    public async Task<DatabaseShape> InspectAsync(CancellationToken cancellationToken)
    {
        var applied = (await db.GetService<IHistoryRepository>().GetAppliedMigrationsAsync(cancellationToken))
            .Select(row => row.MigrationId)
            .ToList();
        if (applied.Count > 0)
        {
            var known = db.GetService<IMigrationsAssembly>().Migrations.Keys.ToHashSet();
            var unknown = applied.Where(id => !known.Contains(id)).ToList();
            return unknown.Count == 0
                ? new DatabaseShape(DatabaseShapeKind.Ours, $"migrated by this chain ({applied.Count} of {known.Count} steps applied)")
                : new DatabaseShape(DatabaseShapeKind.Unrecognised,
                    $"its migration history holds steps this build does not know ({string.Join(", ", unknown)}); run the MigrationService that wrote them");
        }

        var columns = await db.Database
            .SqlQuery<TableColumn>($"""
                SELECT table_name AS "TableName", column_name AS "ColumnName", data_type AS "DataType", is_nullable = 'YES' AS "IsNullable"
                FROM information_schema.columns
                WHERE table_schema = {db.Schema} AND table_name IN ('calls', 'call_transcriptions')
                """)
            .ToListAsync(cancellationToken);

        var calls = columns.Where(c => c.TableName == "calls").ToDictionary(c => c.ColumnName);
        var transcriptions = columns.Where(c => c.TableName == "call_transcriptions").ToDictionary(c => c.ColumnName);

        if (calls.Count == 0 && transcriptions.Count == 0)
        {
            return new DatabaseShape(DatabaseShapeKind.Empty, $"schema \"{db.Schema}\" has no CallSid tables");
        }

        var problems = new List<string>();
        problems.AddRange(CompareColumns("calls", calls, LegacyCallColumns));
        problems.AddRange(CompareColumns("call_transcriptions", transcriptions, LegacyTranscriptionColumns));
        if (calls.TryGetValue("conversation_id", out var conversationId) && conversationId.IsNullable)
        {
            problems.Add("calls.conversation_id is nullable (the old system had it NOT NULL)");
        }

        foreach (var (table, column) in new[] { (calls, "status"), (transcriptions, "speaker_type") })
        {
            if (table.TryGetValue(column, out var found) && !TextTypes.Contains(found.DataType))
            {
                problems.Add($"{found.TableName}.{column} is {found.DataType}, expected text");
            }
        }

        return problems.Count == 0
            ? new DatabaseShape(DatabaseShapeKind.Legacy, "the old Python system's calls and call_transcriptions tables, without migration history")
            : new DatabaseShape(DatabaseShapeKind.Unrecognised, string.Join("; ", problems));
    }

    private static IEnumerable<string> CompareColumns(string table, Dictionary<string, TableColumn> found, string[] expected)
    {
        if (found.Count == 0)
        {
            yield return $"table {table} is missing";
            yield break;
        }

        var missing = expected.Where(column => !found.ContainsKey(column)).ToList();
        var unexpected = found.Keys.Where(column => !expected.Contains(column)).Order().ToList();
        if (missing.Count > 0)
        {
            yield return $"{table} lacks {string.Join(", ", missing)}";
        }

        if (unexpected.Count > 0)
        {
            yield return $"{table} has unexpected {string.Join(", ", unexpected)}";
        }
    }

    private sealed record TableColumn(string TableName, string ColumnName, string DataType, bool IsNullable);
}
