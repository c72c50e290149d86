namespace CallSid.AppHost.Hosting;

/// <summary>What the AppHost was asked to do with the resource graph (Aspire's <c>DistributedApplicationOperation</c>).</summary>
public enum DistributedApplicationOperation
{
    /// <summary>Start every resource on this machine and keep them running.</summary>
    Run,

    /// <summary>Write the graph out for an orchestrator (<c>publish --publisher kubernetes|compose --output-path DIR</c>).</summary>
    Publish,
}
