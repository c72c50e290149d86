using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>Step 4: conversation_id becomes nullable, because a call's row now exists before ElevenLabs answers.</summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121000400_ConversationIdNullable")]
public sealed class ConversationIdNullable : SchemaMigration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AlterColumn<string>(
            name: "conversation_id",
            schema: Schema,
            table: "calls",
            type: "character varying(255)",
            maxLength: 255,
            nullable: true,
            oldClrType: typeof(string),
            oldType: "character varying(255)",
            oldMaxLength: 255);

    /// <summary>
    /// Refuses, naming the calls, while any call has no conversation_id: those rows cannot exist in the old schema,
    /// and deleting them would lose the audit trail of failed calls.
    /// </summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DO $$
            DECLARE
                missing integer;
                offending text;
            BEGIN
                SELECT count(*) INTO missing FROM {Table("calls")} WHERE conversation_id IS NULL;
                IF missing > 0 THEN
                    SELECT string_agg(format('%s (id %s, %s)', call_sid, id, status), ', ' ORDER BY id) INTO offending
                    FROM (SELECT id, call_sid, status FROM {Table("calls")} WHERE conversation_id IS NULL ORDER BY id LIMIT 20) AS first_rows;
                    RAISE EXCEPTION USING MESSAGE = format(
                        'Refusing to make calls.conversation_id NOT NULL: %s call(s) have no conversation_id: %s%s. Nothing was changed.',
                        missing, offending, CASE WHEN missing > 20 THEN ' (first 20 shown)' ELSE '' END);
                END IF;
            END $$;
            """);

        migrationBuilder.AlterColumn<string>(
            name: "conversation_id",
            schema: Schema,
            table: "calls",
            type: "character varying(255)",
            maxLength: 255,
            nullable: false,
            oldClrType: typeof(string),
            oldType: "character varying(255)",
            oldMaxLength: 255,
            oldNullable: true);
    }
}
