namespace CallSid.AppHost.Tests;

/// <summary>
/// The test classes that share one AppHost with the Aspire dashboard on, one after another, and alone: the burst test
/// keeps every core busy, which must not fall on other classes' tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DashboardCollection : ICollectionFixture<DashboardAppHost>
{
    public const string Name = "dashboard";
}
