using Npgsql;

namespace CallSid.Calls.Tests;

public sealed record CallRow(string CallSid, string? ConversationId, int? DriverId, string Status, DateTime CallStartTime, DateTime? CallEndTime);

/// <summary>Reads the calls table directly, so tests see what was committed rather than what the API says.</summary>
public sealed class CallsTable(string connectionString)
{
    public async Task<CallRow?> FindAsync(string callSid)
    {
        var rows = await QueryAsync("SELECT call_sid, conversation_id, driver_id, status, call_start_time, call_end_time FROM dev.calls WHERE call_sid = $1", callSid);
        return rows.SingleOrDefault();
    }

    public async Task<long> CountAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM dev.calls", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<CallRow>> QueryAsync(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = parameter } } };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<CallRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new CallRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.GetString(3),
                reader.GetDateTime(4),
                reader.IsDBNull(5) ? null : reader.GetDateTime(5)));
        }

        return rows;
    }
}
