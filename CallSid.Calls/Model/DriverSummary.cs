using System.Text.Json.Serialization;

namespace CallSid.Calls.Model;

public sealed record DriverSummary(
    [property: JsonPropertyName("driverId")] int DriverId,
    [property: JsonPropertyName("driverName")] string DriverName,
    [property: JsonPropertyName("phoneNumber")] string PhoneNumber);
