using Npgsql;

namespace CallSid.MigrationService.Tests;

/// <summary>Reads what the database really has, from the catalogs, not from the EF model.</summary>
public sealed class SchemaQueries(string connectionString, string schema = "dev")
{
    public async Task<List<(string Table, string Column, string Type, bool Nullable)>> ColumnsAsync() =>
        await QueryAsync(
            "SELECT table_name, column_name, data_type, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, column_name",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3)));

    /// <summary>Constraint name to its type: p (primary key), u (unique), f (foreign key).</summary>
    public async Task<Dictionary<string, string>> ConstraintsAsync() =>
        (await QueryAsync(
            "SELECT c.conname, c.contype::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.contype IN ('p','u','f')",
            r => (r.GetString(0), r.GetString(1)))).ToDictionary(x => x.Item1, x => x.Item2);

    /// <summary>Index name to its definition.</summary>
    public async Task<Dictionary<string, string>> IndexesAsync() =>
        (await QueryAsync("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1", r => (r.GetString(0), r.GetString(1))))
            .ToDictionary(x => x.Item1, x => x.Item2);

    public async Task<List<string>> HistoryAsync() =>
        await QueryAsync($"SELECT \"MigrationId\" FROM \"{schema}\".\"__EFMigrationsHistory\" WHERE $1 = $1 ORDER BY 1", r => r.GetString(0));

    public async Task<bool> TableExistsAsync(string table) =>
        (await QueryAsync($"SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = '{table}'", r => r.GetInt32(0))).Count > 0;

    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (sql.Contains("$1", StringComparison.Ordinal))
        {
            command.Parameters.Add(new() { Value = schema });
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await LegacyDatabase.Execute(connection, sql);
    }
}
