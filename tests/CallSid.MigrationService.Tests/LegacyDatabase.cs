using CallSid.Testing;
using Npgsql;

namespace CallSid.MigrationService.Tests;

/// <summary>The old Python system's schema, as SQLModel created it (including its redundant ix_ indexes), and rows in it.</summary>
public static class LegacyDatabase
{
    public const string Schema = """
        CREATE SCHEMA IF NOT EXISTS dev;
        CREATE TABLE dev.calls (
            id SERIAL NOT NULL,
            conversation_id VARCHAR(255) NOT NULL,
            driver_id INTEGER,
            call_start_time TIMESTAMP WITH TIME ZONE NOT NULL,
            call_end_time TIMESTAMP WITH TIME ZONE,
            status VARCHAR(20) NOT NULL,
            created_at TIMESTAMP WITH TIME ZONE NOT NULL,
            updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
            PRIMARY KEY (id),
            CONSTRAINT uq_calls_conversation_id UNIQUE (conversation_id)
        );
        CREATE INDEX idx_calls_conversation_id ON dev.calls (conversation_id);
        CREATE UNIQUE INDEX ix_dev_calls_conversation_id ON dev.calls (conversation_id);
        CREATE TABLE dev.call_transcriptions (
            id SERIAL NOT NULL,
            conversation_id VARCHAR(255) NOT NULL,
            speaker_type VARCHAR(20) NOT NULL,
            message_text TEXT NOT NULL,
            timestamp TIMESTAMP WITH TIME ZONE NOT NULL,
            sequence_number INTEGER NOT NULL,
            created_at TIMESTAMP WITH TIME ZONE NOT NULL,
            PRIMARY KEY (id),
            FOREIGN KEY(conversation_id) REFERENCES dev.calls (conversation_id)
        );
        CREATE INDEX idx_call_transcriptions_conversation_id ON dev.call_transcriptions (conversation_id);
        CREATE INDEX idx_call_transcriptions_sequence_number ON dev.call_transcriptions (sequence_number);
        CREATE INDEX idx_call_transcriptions_conversation_seq ON dev.call_transcriptions (conversation_id, sequence_number);
        CREATE INDEX ix_dev_call_transcriptions_conversation_id ON dev.call_transcriptions (conversation_id);
        CREATE INDEX ix_dev_call_transcriptions_sequence_number ON dev.call_transcriptions (sequence_number);
        """;

    public static readonly DateTimeOffset NormalCreated = DateTimeOffset.Parse("2024-11-21T10:00:00.250Z");
    public static readonly DateTimeOffset NoDriverCreated = DateTimeOffset.Parse("2024-11-21T10:05:00.000Z");
    public static readonly DateTimeOffset NoDriverSameSecond = DateTimeOffset.Parse("2024-11-21T10:05:00.500Z");
    public static readonly DateTimeOffset CollisionFirst = DateTimeOffset.Parse("2024-11-21T11:00:00.100Z");
    public static readonly DateTimeOffset CollisionSecond = DateTimeOffset.Parse("2024-11-21T11:00:00.900Z");

    /// <summary>
    /// A normal call, a call without a driver, two calls of driver 7 in one second, another driverless call in the
    /// same second as the first, and transcriptions numbered by the old racy count + 1 (duplicates included).
    /// </summary>
    public static async Task CreateWithRowsAsync(string connectionString)
    {
        await Sql.ExecuteAsync(connectionString, Schema);

        await InsertCall(connectionString, "conv_old_1", 444, NormalCreated, "completed");
        await InsertCall(connectionString, "conv_old_2", null, NoDriverCreated, "completed");
        await InsertCall(connectionString, "conv_old_3", 7, CollisionFirst, "completed");
        await InsertCall(connectionString, "conv_old_4", 7, CollisionSecond, "failed");
        await InsertCall(connectionString, "conv_old_5", null, NoDriverSameSecond, "in_progress");

        var t0 = NormalCreated.AddSeconds(1);
        // conv_old_1: two turns both got number 2 (the race); renumbered by (timestamp, id) to 1, 2, 3, 4.
        await InsertTurn(connectionString, "conv_old_1", "agent", "Hello, this is dispatch.", t0, 1);
        await InsertTurn(connectionString, "conv_old_1", "driver", "Hi.", t0.AddSeconds(1), 2);
        await InsertTurn(connectionString, "conv_old_1", "agent", "About trip 123.", t0.AddSeconds(2), 2);
        await InsertTurn(connectionString, "conv_old_1", "driver", "Go ahead.", t0.AddSeconds(3), 3);
        // conv_old_2: already clean, must not change.
        await InsertTurn(connectionString, "conv_old_2", "agent", "Hello.", t0, 1);
        await InsertTurn(connectionString, "conv_old_2", "driver", "Yes?", t0.AddSeconds(1), 2);
        // conv_old_3: both numbered 1 with the same timestamp; id breaks the tie.
        await InsertTurn(connectionString, "conv_old_3", "agent", "First.", t0, 1);
        await InsertTurn(connectionString, "conv_old_3", "driver", "Second.", t0, 1);
    }

    private static Task InsertCall(string connectionString, string conversationId, int? driverId, DateTimeOffset created, string status) =>
        Sql.ExecuteAsync(
            connectionString,
            "INSERT INTO dev.calls (conversation_id, driver_id, call_start_time, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $3, $3)",
            conversationId,
            new NpgsqlParameter { Value = (object?)driverId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
            created,
            status);

    private static Task InsertTurn(string connectionString, string conversationId, string speaker, string message, DateTimeOffset at, int sequence) =>
        Sql.ExecuteAsync(
            connectionString,
            "INSERT INTO dev.call_transcriptions (conversation_id, speaker_type, message_text, timestamp, sequence_number, created_at) VALUES ($1, $2, $3, $4, $5, $4)",
            conversationId,
            speaker,
            message,
            at,
            sequence);
}
