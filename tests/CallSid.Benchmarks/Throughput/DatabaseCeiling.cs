using System.Collections.Concurrent;
using CallSid.Conventions.Database;
using CallSid.Transcripts.Infrastructure;
using CallSid.Transcripts.Model;
using CallSid.Transcripts.Services;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// The database's own ceiling for the per-turn webhook: the service's exact statements (TranscriptStore.SaveAsync
/// itself: one pipelined round trip with the conversation's advisory lock and the find-or-insert) driven from this
/// process with Npgsql, on as many pooled connections as Transcripts holds under the same load. No HTTP, no JSON, no
/// call_sid lookup: what is left is PostgreSQL (and Npgsql's client side, which the service pays too).
/// </summary>
public sealed class DatabaseCeiling : IAsyncDisposable
{
    private readonly DbContextOptions<TranscriptsDbContext> _options;
    private readonly ConcurrentBag<(TranscriptsDbContext Db, TranscriptStore Store)> _stores = [];
    private readonly ConversationGate _gate = new(); // as Transcripts: one conversation's saves queue in memory
    private readonly string _nonce = Guid.NewGuid().ToString("N")[..8];

    public DatabaseCeiling(string connectionString, int connections)
    {
        Connections = connections;
        var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = connections }.ConnectionString;
        var builder = new DbContextOptionsBuilder<TranscriptsDbContext>();
        builder.UseCallSidNpgsql(pooled, new DatabaseOptions());
        _options = builder.Options;
    }

    public int Connections { get; }

    /// <summary>Saturation: one worker per connection, each storing its next turn as soon as the last is stored.</summary>
    public Task<LoadResult> SaturateAsync(CallRange calls, TimeSpan duration, CancellationToken cancellationToken) =>
        LoadLoops.ClosedAsync(Connections, duration, (_, n, token) => SaveAsync(calls, n, token), cancellationToken);

    /// <summary>Turns offered at <paramref name="rate"/> per second, whether or not earlier ones are stored yet.</summary>
    public Task<LoadResult> PaceAsync(CallRange calls, double rate, TimeSpan duration, CancellationToken cancellationToken) =>
        LoadLoops.OpenAsync(rate, duration, (n, token) => SaveAsync(calls, n, token), cancellationToken);

    public ValueTask DisposeAsync()
    {
        foreach (var (db, _) in _stores)
        {
            db.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async Task<bool> SaveAsync(CallRange calls, long n, CancellationToken cancellationToken)
    {
        // A DbContext serves one operation at a time: each concurrent save takes one of its own, and gives it back.
        if (!_stores.TryTake(out var store))
        {
            var db = new TranscriptsDbContext(_options);
            store = (db, new TranscriptStore(db, _gate, TimeProvider.System));
        }

        try
        {
            var conversation = calls.ConversationId(calls.First + (int)(n % calls.Count));
            var saved = await store.Store.SaveAsync(conversation, SpeakerType.Agent, $"turn {_nonce}-{n}", new DateTime(2024, 11, 21, 10, 30, 0, DateTimeKind.Utc), cancellationToken);
            return saved.TranscriptionId > 0;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or DbUpdateException)
        {
            return false;
        }
        finally
        {
            _stores.Add(store);
        }
    }
}
