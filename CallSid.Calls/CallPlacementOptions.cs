using System.ComponentModel.DataAnnotations;

namespace CallSid.Calls;

public sealed class CallPlacementOptions
{
    public const string SectionName = "CallPlacement";

    /// <summary>How many drivers of one request are dialled at the same time.</summary>
    [Range(1, 64)]
    public int MaxConcurrentDials { get; set; } = 4;
}
