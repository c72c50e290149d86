namespace CallSid.AppHost.Tests;

/// <summary>The AppHost with two processes each of Calls and Transcripts behind Aspire's proxy.</summary>
public sealed class ReplicatedAppHost : AppHostFixture
{
    protected override IEnumerable<string> Settings => ["AppHost:Replicas:calls=2", "AppHost:Replicas:transcripts=2"];
}
