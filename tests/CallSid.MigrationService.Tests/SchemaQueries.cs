using CallSid.Testing;
using Npgsql;

namespace CallSid.MigrationService.Tests;

/// <summary>Reads what the database really has, from the catalogs, not from the EF model.</summary>
public sealed class SchemaQueries(string connectionString, string schema = "dev")
{
    public Task<List<(string Table, string Column, string Type, bool Nullable)>> ColumnsAsync() =>
        QueryAsync(
            "SELECT table_name, column_name, data_type, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, column_name",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3)),
            schema);

    /// <summary>Constraint name to its type: p (primary key), u (unique), f (foreign key).</summary>
    public async Task<Dictionary<string, string>> ConstraintsAsync() =>
        (await QueryAsync(
            "SELECT c.conname, c.contype::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.contype IN ('p','u','f')",
            r => (r.GetString(0), r.GetString(1)),
            schema)).ToDictionary(x => x.Item1, x => x.Item2);

    /// <summary>Index name to its definition.</summary>
    public async Task<Dictionary<string, string>> IndexesAsync() =>
        (await QueryAsync("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1", r => (r.GetString(0), r.GetString(1)), schema))
            .ToDictionary(x => x.Item1, x => x.Item2);

    public Task<List<string>> HistoryAsync() =>
        QueryAsync($"SELECT \"MigrationId\" FROM \"{schema}\".\"__EFMigrationsHistory\" ORDER BY 1", r => r.GetString(0));

    public async Task<bool> TableExistsAsync(string table) =>
        (await QueryAsync("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2", r => r.GetInt32(0), schema, table)).Count > 0;

    public Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params object?[] parameters) =>
        Sql.QueryAsync(connectionString, sql, read, parameters);

    public Task ExecuteAsync(string sql) => Sql.ExecuteAsync(connectionString, sql);
}
