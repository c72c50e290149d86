using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>
/// Step 8: where each turn came from. <c>call_transcriptions.source</c> is <c>webhook</c> (every existing row) or
/// <c>post_call</c> (recovered from ElevenLabs' post-call transcript); <c>webhook_timestamp</c> records the per-turn
/// delivery that later matched a recovered turn.
/// </summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121000800_TranscriptTurnSource")]
public sealed class TranscriptTurnSource : SchemaMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "source",
            schema: Schema,
            table: "call_transcriptions",
            type: "character varying(20)",
            maxLength: 20,
            nullable: false,
            defaultValueSql: "'webhook'");

        migrationBuilder.AddColumn<DateTime>(
            name: "webhook_timestamp",
            schema: Schema,
            table: "call_transcriptions",
            type: "timestamp with time zone",
            nullable: true);
    }

    /// <summary>
    /// Drops both columns. Recovered turns stay, with their words, numbers and times (a compliance reader needs them);
    /// only the mark of where they came from goes, and the count is logged.
    /// </summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DO $$
            DECLARE recovered integer;
            BEGIN
                SELECT count(*) INTO recovered FROM {Table("call_transcriptions")} WHERE source <> 'webhook';
                RAISE NOTICE 'Dropping call_transcriptions.source: % recovered turn(s) stay, unmarked', recovered;
            END $$;
            """);
        migrationBuilder.DropColumn(name: "webhook_timestamp", schema: Schema, table: "call_transcriptions");
        migrationBuilder.DropColumn(name: "source", schema: Schema, table: "call_transcriptions");
    }
}
