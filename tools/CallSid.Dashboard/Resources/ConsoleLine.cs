namespace CallSid.Dashboard.Resources;

/// <summary>One captured line of a resource's stdout or stderr.</summary>
public sealed record ConsoleLine(long Sequence, DateTimeOffset? Timestamp, string Stream, string Text);
