using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost.Hosting;

/// <summary>
/// Whether the graph is being run or published (Aspire's <c>builder.ExecutionContext</c>), so the graph can say what
/// exists only on a developer's machine (the emulator) without a second copy of itself.
/// </summary>
public sealed class DistributedApplicationExecutionContext(DistributedApplicationOperation operation)
{
    /// <summary>Where the operation is named: <c>publish</c> as the first argument, or <c>--operation publish</c>.</summary>
    public const string OperationKey = "AppHost:Operation";

    public DistributedApplicationOperation Operation { get; } = operation;

    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;

    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;

    internal static DistributedApplicationExecutionContext From(IConfiguration configuration) =>
        new(string.Equals(configuration[OperationKey], "publish", StringComparison.OrdinalIgnoreCase)
            ? DistributedApplicationOperation.Publish
            : DistributedApplicationOperation.Run);
}
