using System.Text.Json.Serialization;

namespace CallSid.Calls.Model;

public sealed record DriverData(
    [property: JsonPropertyName("driverId"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int? DriverId,
    [property: JsonPropertyName("driverName")] string? DriverName,
    [property: JsonPropertyName("phoneNumber")] string? PhoneNumber,
    [property: JsonPropertyName("customRules")] string? CustomRules,
    [property: JsonPropertyName("violations")] Violations? Violations);
