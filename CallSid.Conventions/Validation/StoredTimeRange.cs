namespace CallSid.Conventions.Validation;

/// <summary>
/// The one range of times we store (turn timestamps, call ends, post-call times, the batch's timestamp): from the Unix
/// epoch to the end of 2099. Outside it a time is a mistake or an attack (year 1 became PostgreSQL's -infinity), so it
/// is refused with 400.
/// </summary>
public static class StoredTimeRange
{
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    /// <summary>Exclusive.</summary>
    public static readonly DateTimeOffset End = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool Contains(DateTimeOffset time) => time >= Earliest && time < End;

    public static bool Contains(DateTime utcTime) => Contains(new DateTimeOffset(DateTime.SpecifyKind(utcTime, DateTimeKind.Utc)));

    /// <summary>The message for a time outside the range.</summary>
    public static string Describe(string field, string value) =>
        $"{field} '{value}' is outside the accepted range ({Earliest:yyyy-MM-dd} to {End.AddDays(-1):yyyy-MM-dd})";
}
