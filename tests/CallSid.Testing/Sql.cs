using Npgsql;

namespace CallSid.Testing;

/// <summary>Plain SQL against a test database, for looking at what was committed (not what an API says).</summary>
public static class Sql
{
    /// <param name="parameters">Positional ($1, $2, ...): values, or NpgsqlParameter where the type must be given.</param>
    public static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read, params object?[] parameters)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql, params object?[] parameters)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    public static async Task ExecuteAsync(string connectionString, string sql, params object?[] parameters)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter { Value = parameter ?? DBNull.Value });
        }

        return command;
    }
}
