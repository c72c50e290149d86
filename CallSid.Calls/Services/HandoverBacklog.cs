namespace CallSid.Calls.Services;

/// <summary>How many hand-overs wait, and since when the oldest does (null when none wait).</summary>
public sealed record HandoverBacklog(long Pending, DateTime? Oldest);
