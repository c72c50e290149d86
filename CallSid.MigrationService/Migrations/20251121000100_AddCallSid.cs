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

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "call_sid", schema: Schema, table: "calls");
}
