using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>The calls table as committed.</summary>
public sealed class CallsTable(string connectionString)
{
    public async Task<CallRow?> FindAsync(string callSid) =>
        (await Sql.QueryAsync(
            connectionString,
            "SELECT call_sid, conversation_id, driver_id, status, call_start_time, call_end_time, failure_reason, twilio_call_sid FROM dev.calls WHERE call_sid = $1",
            reader => new CallRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.GetString(3),
                reader.GetDateTime(4),
                reader.IsDBNull(5) ? null : reader.GetDateTime(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)),
            callSid)).SingleOrDefault();

    public async Task<long> CountAsync() => (long)(await Sql.ScalarAsync(connectionString, "SELECT count(*) FROM dev.calls"))!;

    /// <summary>The transcripts waiting in Calls' outbox for <paramref name="callSid"/>: each payload's turns, as JSON.</summary>
    public Task<List<string>> QueuedTranscriptsAsync(string callSid) =>
        Sql.QueryAsync(connectionString, "SELECT payload::text FROM dev.transcript_handovers WHERE call_sid = $1 ORDER BY id", reader => reader.GetString(0), callSid);
}
