using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>Step 1: add calls.call_sid, nullable until the backfill has filled it.</summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121000100_AddCallSid")]
public sealed class AddCallSid : SchemaMigration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(
            name: "call_sid",
            schema: Schema,
            table: "calls",
            type: "character varying(255)",
            maxLength: 255,
            nullable: true);

    /// <summary>
    /// Refuses, naming the calls, while any call has a call_sid the backfill would not give back: a call placed by
    /// the new system. Dropping it would let a retried request dial that driver again and orphan its webhooks.
    /// </summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DO $$
            DECLARE
                placed integer;
                offending text;
            BEGIN
                SELECT count(*) INTO placed FROM {Table("calls")} WHERE call_sid IS NOT NULL AND call_sid !~ '{BackfillCallSid.BackfilledPattern}';
                IF placed > 0 THEN
                    SELECT string_agg(call_sid, ', ' ORDER BY id) INTO offending
                    FROM (SELECT id, call_sid FROM {Table("calls")} WHERE call_sid IS NOT NULL AND call_sid !~ '{BackfillCallSid.BackfilledPattern}' ORDER BY id LIMIT 20) AS first_rows;
                    RAISE EXCEPTION USING MESSAGE = format(
                        'Refusing to drop calls.call_sid: %s call(s) placed by the new system would lose their call_sid: %s%s. Nothing was changed.',
                        placed, offending, CASE WHEN placed > 20 THEN ' (first 20 shown)' ELSE '' END);
                END IF;
            END $$;
            """);
        migrationBuilder.DropColumn(name: "call_sid", schema: Schema, table: "calls");
    }
}
