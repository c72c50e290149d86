namespace CallSid.AppHost.Tests;

/// <summary>The test classes that share one AppHost with the Aspire dashboard on, one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardAppHost>
{
    public const string Name = "dashboard";
}
