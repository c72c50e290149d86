using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>Step 7: calls.twilio_call_sid, Twilio's call SID, so a replayed request answers it.</summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121000700_CallTwilioCallSid")]
public sealed class CallTwilioCallSid : SchemaMigration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(
            name: "twilio_call_sid",
            schema: Schema,
            table: "calls",
            type: "character varying(255)",
            maxLength: 255,
            nullable: true);

    /// <summary>Drops the column (replayed requests answer <c>callSid: null</c> again); the count is logged.</summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DO $$
            DECLARE dropped integer;
            BEGIN
                SELECT count(*) INTO dropped FROM {Table("calls")} WHERE twilio_call_sid IS NOT NULL;
                RAISE NOTICE 'Dropping calls.twilio_call_sid: % call(s) lose their Twilio call SID', dropped;
            END $$;
            """);
        migrationBuilder.DropColumn(name: "twilio_call_sid", schema: Schema, table: "calls");
    }
}
