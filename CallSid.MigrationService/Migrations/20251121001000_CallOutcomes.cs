using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>
/// Step 10: how a call ended as ElevenLabs reported it: calls.termination_reason, call_successful, summary and
/// data_collection_results (jsonb). The new statuses (voicemail, no_answer, busy) need no schema change.
/// </summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121001000_CallOutcomes")]
public sealed class CallOutcomes : SchemaMigration
{
    public const string Id = "20251121001000_CallOutcomes";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "termination_reason", schema: Schema, table: "calls", type: "character varying(1000)", maxLength: 1000, nullable: true);
        migrationBuilder.AddColumn<string>(name: "call_successful", schema: Schema, table: "calls", type: "character varying(20)", maxLength: 20, nullable: true);
        migrationBuilder.AddColumn<string>(name: "summary", schema: Schema, table: "calls", type: "text", nullable: true);
        migrationBuilder.AddColumn<string>(name: "data_collection_results", schema: Schema, table: "calls", type: "jsonb", nullable: true);
    }

    /// <summary>
    /// Drops the columns, and puts the new statuses back into the ones the code before this step reads (it would
    /// refuse a status it does not know): voicemail was completed, no_answer and busy were failed (their
    /// failure_reason still names them). The counts are logged; a rollback stays possible, so this does not refuse.
    /// </summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DO $$
            DECLARE voicemails integer; unreached integer; verdicts integer;
            BEGIN
                SELECT count(*) INTO verdicts FROM {Table("calls")}
                    WHERE termination_reason IS NOT NULL OR call_successful IS NOT NULL OR summary IS NOT NULL OR data_collection_results IS NOT NULL;
                UPDATE {Table("calls")} SET status = 'completed' WHERE status = 'voicemail';
                GET DIAGNOSTICS voicemails = ROW_COUNT;
                UPDATE {Table("calls")} SET status = 'failed', failure_reason = COALESCE(failure_reason, 'call_initiation_failure: ' || status)
                    WHERE status IN ('no_answer', 'busy');
                GET DIAGNOSTICS unreached = ROW_COUNT;
                RAISE NOTICE 'Dropping call outcomes: % voicemail call(s) become completed, % no_answer/busy call(s) become failed, % call(s) lose ElevenLabs'' verdict',
                    voicemails, unreached, verdicts;
            END $$;
            """);
        migrationBuilder.DropColumn(name: "data_collection_results", schema: Schema, table: "calls");
        migrationBuilder.DropColumn(name: "summary", schema: Schema, table: "calls");
        migrationBuilder.DropColumn(name: "call_successful", schema: Schema, table: "calls");
        migrationBuilder.DropColumn(name: "termination_reason", schema: Schema, table: "calls");
    }
}
