using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>
/// Step 2: give every existing call a call_sid: <c>EL_{driver_id or UNKNOWN}_{unix seconds of created_at}</c>.
/// Calls of one driver created within the same second would collide; ordered by (created_at, id), the first keeps
/// the plain value and the later ones get <c>_2</c>, <c>_3</c>, ... (for example <c>EL_444_1700000000_2</c>).
/// Calls placed by the new system carry ISO-8601 timestamps in their call_sid, so they never match this pattern.
/// </summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121000200_BackfillCallSid")]
public sealed class BackfillCallSid : SchemaMigration
{
    /// <summary>Matches exactly the values this step writes; Down clears only those.</summary>
    public const string BackfilledPattern = "^EL_(UNKNOWN|-?[0-9]+)_-?[0-9]+(_[0-9]+)?$";

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            DO $$
            DECLARE backfilled integer;
            BEGIN
                WITH candidates AS (
                    SELECT id,
                           'EL_' || COALESCE(driver_id::text, 'UNKNOWN') || '_' || floor(extract(epoch FROM created_at))::bigint AS base,
                           row_number() OVER (
                               PARTITION BY driver_id, floor(extract(epoch FROM created_at))
                               ORDER BY created_at, id) AS n
                    FROM {Table("calls")}
                    WHERE call_sid IS NULL
                )
                UPDATE {Table("calls")} AS c
                SET call_sid = CASE WHEN candidates.n = 1 THEN candidates.base ELSE candidates.base || '_' || candidates.n END
                FROM candidates
                WHERE c.id = candidates.id;

                GET DIAGNOSTICS backfilled = ROW_COUNT;
                RAISE NOTICE 'Backfilled call_sid for % call(s)', backfilled;
            END $$;
            """);

    /// <summary>Clears the backfilled values (re-running Up recomputes the same ones); call_sids of new calls stay.</summary>
    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"UPDATE {Table("calls")} SET call_sid = NULL WHERE call_sid ~ '{BackfilledPattern}';");
}
