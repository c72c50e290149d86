namespace CallSid.Calls.Model;

public static class CallStatusExtensions
{
    /// <summary>The status as the API and the database spell it (<c>in_progress</c>).</summary>
    public static string ToText(this CallStatus status) => Conventions.Database.SnakeCaseEnumConverter<CallStatus>.ToText(status);
}
