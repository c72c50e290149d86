using CallSid.MigrationService.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace CallSid.MigrationService.Migrations;

/// <summary>
/// Step 0: the old Python system's schema as it was before the call_sid refactor (conversation_id NOT NULL,
/// no call_sid). A legacy database already has it: the migrator records this step as applied without running it.
/// </summary>
[DbContext(typeof(MigrationDbContext))]
[Migration(Id)]
public sealed class Baseline : SchemaMigration
{
    public const string Id = "20251121000000_Baseline";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureSchema(Schema);

        migrationBuilder.CreateTable(
            name: "calls",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                conversation_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                driver_id = table.Column<int>(type: "integer", nullable: true),
                call_start_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                call_end_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("calls_pkey", x => x.id);
                table.UniqueConstraint("uq_calls_conversation_id", x => x.conversation_id);
            });

        migrationBuilder.CreateIndex(name: "idx_calls_conversation_id", schema: Schema, table: "calls", column: "conversation_id");

        migrationBuilder.CreateTable(
            name: "call_transcriptions",
            schema: Schema,
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                conversation_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                speaker_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                message_text = table.Column<string>(type: "text", nullable: false),
                timestamp = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                sequence_number = table.Column<int>(type: "integer", nullable: false),
                created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("call_transcriptions_pkey", x => x.id);
                table.ForeignKey(
                    name: "call_transcriptions_conversation_id_fkey",
                    column: x => x.conversation_id,
                    principalSchema: Schema,
                    principalTable: "calls",
                    principalColumn: "conversation_id");
            });

        migrationBuilder.CreateIndex(name: "idx_call_transcriptions_conversation_id", schema: Schema, table: "call_transcriptions", column: "conversation_id");
        migrationBuilder.CreateIndex(name: "idx_call_transcriptions_sequence_number", schema: Schema, table: "call_transcriptions", column: "sequence_number");
        migrationBuilder.CreateIndex(name: "idx_call_transcriptions_conversation_seq", schema: Schema, table: "call_transcriptions", columns: ["conversation_id", "sequence_number"]);
    }

    /// <summary>Drops the tables only while they are empty: below the baseline there is no schema to keep data in.</summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM {Table("calls")}) OR EXISTS (SELECT 1 FROM {Table("call_transcriptions")}) THEN
                    RAISE EXCEPTION 'Refusing to remove the baseline: calls and call_transcriptions still hold rows. Nothing was changed.';
                END IF;
            END $$;
            """);
        migrationBuilder.DropTable(name: "call_transcriptions", schema: Schema);
        migrationBuilder.DropTable(name: "calls", schema: Schema);
    }
}
