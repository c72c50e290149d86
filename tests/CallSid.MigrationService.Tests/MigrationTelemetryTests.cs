using System.Diagnostics;
using CallSid.MigrationService.Data;
using CallSid.Testing;

namespace CallSid.MigrationService.Tests;

/// <summary>What a migration run tells an SRE: one span with what it found and did.</summary>
public sealed class MigrationTelemetryTests(PostgresClusterFixture cluster)
{
    [Fact]
    public async Task A_run_emits_one_span_with_what_it_did()
    {
        var connectionString = await cluster.CreateEmptyDatabaseAsync();
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DatabaseMigrator.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) spans.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);
        // Other tests of this assembly migrate at the same time; this run's span is the one in this trace.
        using var test = new Activity("test").Start();

        await using (var db = MigrationDbContext.Create(connectionString, "dev"))
        {
            await new DatabaseMigrator(db, new LogCapture().CreateLogger<DatabaseMigrator>()).MigrateAsync(null, TestContext.Current.CancellationToken);
        }

        var span = Assert.Single(spans, s => s.TraceId == test.TraceId);
        Assert.Equal(MigrationChainTests.Chain[^1], span.GetTagItem("callsid.migration.current"));
        Assert.Equal("migrate database", span.DisplayName);
        Assert.Equal("Empty", span.GetTagItem("callsid.migration.found"));
        Assert.Equal(MigrationChainTests.Chain.Length, span.GetTagItem("callsid.migration.applied"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }
}
