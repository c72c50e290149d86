using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>
/// Step 9: <c>transcript_handovers</c>, Calls' outbox of post-call transcripts waiting to be handed to Transcripts.
/// </summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121000900_TranscriptHandovers")]
public sealed class TranscriptHandovers : SchemaMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "transcript_handovers",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                call_sid = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                conversation_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                payload = table.Column<string>(type: "jsonb", nullable: false),
                trace_parent = table.Column<string>(type: "character varying(55)", maxLength: 55, nullable: true),
                attempts = table.Column<int>(type: "integer", nullable: false),
                next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                last_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("transcript_handovers_pkey", x => x.id));

        migrationBuilder.CreateIndex(
            name: "idx_transcript_handovers_next_attempt_at",
            schema: Schema,
            table: "transcript_handovers",
            column: "next_attempt_at");
    }

    /// <summary>
    /// Refuses, naming the calls, while hand-overs are pending: their turns are in no other table yet, and dropping them
    /// would lose words ElevenLabs was told we had stored. Let Transcripts take them (or resolve them) first.
    /// </summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DO $$
            DECLARE
                pending integer;
                offending text;
            BEGIN
                SELECT count(*) INTO pending FROM {Table("transcript_handovers")};
                IF pending > 0 THEN
                    SELECT string_agg(call_sid, ', ' ORDER BY id) INTO offending
                    FROM (SELECT id, call_sid FROM {Table("transcript_handovers")} ORDER BY id LIMIT 20) AS first_rows;
                    RAISE EXCEPTION USING MESSAGE = format(
                        'Refusing to drop transcript_handovers: %s transcript hand-over(s) are pending, for calls %s%s. Nothing was changed.',
                        pending, offending, CASE WHEN pending > 20 THEN ' (first 20 shown)' ELSE '' END);
                END IF;
            END $$;
            """);
        migrationBuilder.DropTable(name: "transcript_handovers", schema: Schema);
    }
}
