using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CallSid.MigrationService.Migrations;

/// <summary>
/// Step 11: dialling within ElevenLabs' capacity. <c>dial_requests</c> holds what ElevenLabs will be asked to dial for
/// each queued or live call; <c>calls.attempt</c> and <c>calls.first_call_sid</c> link a redial to the first attempt.
/// The new status (queued) needs no schema change.
/// </summary>
[DbContext(typeof(MigrationDbContext))]
[Migration("20251121001100_DialQueue")]
public sealed class DialQueue : SchemaMigration
{
    public const string Id = "20251121001100_DialQueue";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "attempt", schema: Schema, table: "calls", type: "integer", nullable: false, defaultValue: 1);
        migrationBuilder.AddColumn<string>(name: "first_call_sid", schema: Schema, table: "calls", type: "character varying(255)", maxLength: 255, nullable: true);

        migrationBuilder.CreateTable(
            name: "dial_requests",
            schema: Schema,
            columns: table => new
            {
                call_sid = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                request = table.Column<string>(type: "jsonb", nullable: false),
                dial_after = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                throttled = table.Column<int>(type: "integer", nullable: false),
                created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("dial_requests_pkey", x => x.call_sid);
                table.ForeignKey(
                    name: "fk_dial_requests_calls_call_sid",
                    column: x => x.call_sid,
                    principalSchema: Schema,
                    principalTable: "calls",
                    principalColumn: "call_sid",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "idx_calls_status", schema: Schema, table: "calls", column: "status");
        migrationBuilder.CreateIndex(
            name: "uq_calls_first_call_sid_attempt", schema: Schema, table: "calls", columns: ["first_call_sid", "attempt"], unique: true);
        migrationBuilder.CreateIndex(name: "idx_dial_requests_dial_after", schema: Schema, table: "dial_requests", column: "dial_after");
    }

    /// <summary>
    /// The code before this step knows no queue: calls still queued become failed (they were never dialled, and their
    /// reason says so), and every dial request goes. Redials keep their own records, unlinked. The counts are logged.
    /// </summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DO $$
            DECLARE queued integer; redials integer;
            BEGIN
                UPDATE {Table("calls")} SET status = 'failed', call_end_time = now(), updated_at = now(),
                    failure_reason = COALESCE(failure_reason, 'not dialled: still queued when the dial queue was rolled back')
                    WHERE status = 'queued';
                GET DIAGNOSTICS queued = ROW_COUNT;
                SELECT count(*) INTO redials FROM {Table("calls")} WHERE first_call_sid IS NOT NULL;
                RAISE NOTICE 'Dropping the dial queue: % queued call(s) become failed, % redial(s) lose their link to the first attempt',
                    queued, redials;
            END $$;
            """);
        migrationBuilder.DropTable(name: "dial_requests", schema: Schema);
        migrationBuilder.DropIndex(name: "uq_calls_first_call_sid_attempt", schema: Schema, table: "calls");
        migrationBuilder.DropIndex(name: "idx_calls_status", schema: Schema, table: "calls");
        migrationBuilder.DropColumn(name: "first_call_sid", schema: Schema, table: "calls");
        migrationBuilder.DropColumn(name: "attempt", schema: Schema, table: "calls");
    }
}
