using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>Step 3: call_sid NOT NULL, unique, and indexed alone and with status (webhook lookups, status queries).</summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121000300_CallSidConstraints")]
public sealed class CallSidConstraints : SchemaMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AlterColumn<string>(
            name: "call_sid",
            schema: Schema,
            table: "calls",
            type: "character varying(255)",
            maxLength: 255,
            nullable: false,
            oldClrType: typeof(string),
            oldType: "character varying(255)",
            oldMaxLength: 255,
            oldNullable: true);

        migrationBuilder.AddUniqueConstraint(name: "uq_calls_call_sid", schema: Schema, table: "calls", column: "call_sid");
        migrationBuilder.CreateIndex(name: "idx_calls_call_sid", schema: Schema, table: "calls", column: "call_sid");
        migrationBuilder.CreateIndex(name: "idx_calls_call_sid_status", schema: Schema, table: "calls", columns: ["call_sid", "status"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "idx_calls_call_sid_status", schema: Schema, table: "calls");
        migrationBuilder.DropIndex(name: "idx_calls_call_sid", schema: Schema, table: "calls");
        migrationBuilder.DropUniqueConstraint(name: "uq_calls_call_sid", schema: Schema, table: "calls");
        migrationBuilder.AlterColumn<string>(
            name: "call_sid",
            schema: Schema,
            table: "calls",
            type: "character varying(255)",
            maxLength: 255,
            nullable: true,
            oldClrType: typeof(string),
            oldType: "character varying(255)",
            oldMaxLength: 255);
    }
}
