using System.ComponentModel.DataAnnotations;

namespace CallSid.Calls;

/// <summary>
/// The sweeper that settles stranded calls (<c>CallSweeper:*</c>): calls written but never dialled, and calls whose
/// post-call event never came.
/// </summary>
public sealed class CallSweeperOptions
{
    public const string SectionName = "CallSweeper";

    /// <summary>How often it looks.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A call still in_progress without a conversation_id this long after it was written was never dialled: the process
    /// stopped between writing it and recording ElevenLabs' answer. Default: ElevenLabs:RequestTimeout plus two minutes;
    /// it must exceed the longest a dial may take (ElevenLabsOptions.TotalRequestTimeout).
    /// </summary>
    public TimeSpan? NotDialledAfter { get; set; }

    /// <summary>A call in_progress with a conversation_id and no post-call event this long is looked up at ElevenLabs.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan AskAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A conversation ElevenLabs still reports as going on is asked about again after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan AskAgainAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Calls settled per kind and pass.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    public static readonly TimeSpan NotDialledMargin = TimeSpan.FromMinutes(2);

    public TimeSpan NotDialledAfterFor(ElevenLabsOptions elevenLabs) => NotDialledAfter ?? elevenLabs.RequestTimeout + NotDialledMargin;
}
