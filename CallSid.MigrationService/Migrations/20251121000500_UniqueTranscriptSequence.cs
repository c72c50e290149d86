using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>
/// Step 5: UNIQUE (conversation_id, sequence_number). The old system numbered turns with count + 1, which raced;
/// conversations holding duplicates are first renumbered 1..n by (timestamp, id).
/// </summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121000500_UniqueTranscriptSequence")]
public sealed class UniqueTranscriptSequence : SchemaMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DO $$
            DECLARE renumbered integer;
            BEGIN
                WITH conversations_with_duplicates AS (
                    SELECT DISTINCT conversation_id
                    FROM {Table("call_transcriptions")}
                    GROUP BY conversation_id, sequence_number
                    HAVING count(*) > 1
                ),
                ordered AS (
                    SELECT id, row_number() OVER (PARTITION BY conversation_id ORDER BY "timestamp", id) AS sequence_number
                    FROM {Table("call_transcriptions")}
                    WHERE conversation_id IN (SELECT conversation_id FROM conversations_with_duplicates)
                )
                UPDATE {Table("call_transcriptions")} AS t
                SET sequence_number = ordered.sequence_number
                FROM ordered
                WHERE t.id = ordered.id AND t.sequence_number <> ordered.sequence_number;

                GET DIAGNOSTICS renumbered = ROW_COUNT;
                RAISE NOTICE 'Renumbered % transcription(s) in conversations with duplicate sequence numbers', renumbered;
            END $$;
            """);

        migrationBuilder.AddUniqueConstraint(
            name: "uq_call_transcriptions_conversation_seq",
            schema: Schema,
            table: "call_transcriptions",
            columns: ["conversation_id", "sequence_number"]);
    }

    /// <summary>Drops the constraint. The renumbering stays: restoring duplicate numbers would only bring the bug back.</summary>
    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropUniqueConstraint(name: "uq_call_transcriptions_conversation_seq", schema: Schema, table: "call_transcriptions");
}
