namespace CallSid.Testing;

/// <summary>BatchCallRequest bodies as the seed's callers send them.</summary>
public static class CallRequests
{
    public const string Timestamp = "2024-11-21T10:00:00Z";

    public static object Driver(int driverId, string phoneNumber = "+15551234567", string driverName = "Test Driver") => new
    {
        driverId,
        driverName,
        phoneNumber,
        customRules = "Reefer must stay below 40F",
        violations = new
        {
            tripId = $"trip_{driverId}",
            violationDetails = new[]
            {
                new { type = "temperature", description = "Temperature out of range" },
                new { type = "route", description = "Left the planned route for 12 miles" },
            },
        },
    };

    public static object Batch(params object[] drivers) => BatchAt(Timestamp, drivers);

    public static object BatchAt(string timestamp, params object[] drivers) => new { callType = "violation", timestamp, drivers };

    public static string CallSid(int driverId, string timestamp = Timestamp) => $"EL_{driverId}_{timestamp}";
}
