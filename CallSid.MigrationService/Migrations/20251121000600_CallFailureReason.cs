using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>Step 6: calls.failure_reason, why a call failed (what the batch response's details said, or who reported it).</summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121000600_CallFailureReason")]
public sealed class CallFailureReason : SchemaMigration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(
            name: "failure_reason",
            schema: Schema,
            table: "calls",
            type: "character varying(1000)",
            maxLength: 1000,
            nullable: true);

    /// <summary>
    /// Drops the column. The calls stay (failed, as before the step); only the reasons go, and the count is logged.
    /// A rollback must stay possible after calls have failed, so this does not refuse.
    /// </summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DO $$
            DECLARE dropped integer;
            BEGIN
                SELECT count(*) INTO dropped FROM {Table("calls")} WHERE failure_reason IS NOT NULL;
                RAISE NOTICE 'Dropping calls.failure_reason: % call(s) lose why they failed', dropped;
            END $$;
            """);
        migrationBuilder.DropColumn(name: "failure_reason", schema: Schema, table: "calls");
    }
}
