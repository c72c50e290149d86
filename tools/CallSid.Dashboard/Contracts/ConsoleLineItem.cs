namespace CallSid.Dashboard.Contracts;

public sealed record ConsoleLineItem(long Sequence, DateTimeOffset? Timestamp, string Stream, string Text);
