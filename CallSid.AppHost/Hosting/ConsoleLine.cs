namespace CallSid.AppHost.Hosting;

/// <summary>One line a resource wrote, numbered in the order the AppHost received it.</summary>
/// <param name="Stream"><c>stdout</c> or <c>stderr</c>.</param>
public sealed record ConsoleLine(long Sequence, DateTimeOffset Timestamp, string Stream, string Text);
