using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>The calls table as committed.</summary>
public sealed class CallsTable(string connectionString)
{
    public async Task<CallRow?> FindAsync(string callSid) =>
        (await Sql.QueryAsync(
            connectionString,
            "SELECT call_sid, conversation_id, driver_id, status, call_start_time, call_end_time FROM dev.calls WHERE call_sid = $1",
            reader => new CallRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.GetString(3),
                reader.GetDateTime(4),
                reader.IsDBNull(5) ? null : reader.GetDateTime(5)),
            callSid)).SingleOrDefault();

    public async Task<long> CountAsync() => (long)(await Sql.ScalarAsync(connectionString, "SELECT count(*) FROM dev.calls"))!;
}
