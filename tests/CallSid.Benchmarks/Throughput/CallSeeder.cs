using Npgsql;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// Places calls the quick way: rows written straight to the calls table with a conversation id, as Calls leaves them
/// once ElevenLabs accepted them (setup, not measured; the dial path has its own measurement).
/// </summary>
public static class CallSeeder
{
    private static int _next = 1;

    /// <summary>New calls, never used before in this run (their call_sids are not cached anywhere yet).</summary>
    public static async Task<CallRange> PlaceAsync(string connectionString, string label, int count, bool fresh, CancellationToken cancellationToken)
    {
        var range = new CallRange("EL_", $"_{label}", Interlocked.Add(ref _next, count) - count, count, fresh);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO dev.calls (call_sid, conversation_id, driver_id, call_start_time, status, created_at, updated_at) " +
            "SELECT $1 || n || $2, $3 || n, n, now(), 'in_progress', now(), now() FROM generate_series($4::int, $5::int) AS n", connection)
        {
            Parameters =
            {
                new() { Value = range.Prefix },
                new() { Value = range.Suffix },
                new() { Value = $"conv_bench{range.Suffix}_" },
                new() { Value = range.First },
                new() { Value = range.First + count - 1 },
            },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return range;
    }
}
