using System.Text.Json.Serialization;

namespace CallSid.Calls.Model;

// The seed's BatchCallRequest, field for field (camelCase on the wire). Every member is nullable so that a missing
// field is reported by name by BatchCallValidator instead of failing deserialisation as a whole.

public sealed record BatchCallRequest(
    [property: JsonPropertyName("callType")] string? CallType,
    [property: JsonPropertyName("timestamp")] string? Timestamp,
    [property: JsonPropertyName("drivers")] IReadOnlyList<DriverData?>? Drivers);

public sealed record DriverData(
    [property: JsonPropertyName("driverId"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int? DriverId,
    [property: JsonPropertyName("driverName")] string? DriverName,
    [property: JsonPropertyName("phoneNumber")] string? PhoneNumber,
    [property: JsonPropertyName("customRules")] string? CustomRules,
    [property: JsonPropertyName("violations")] Violations? Violations);

public sealed record Violations(
    [property: JsonPropertyName("tripId")] string? TripId,
    [property: JsonPropertyName("violationDetails")] IReadOnlyList<ViolationDetail?>? ViolationDetails);

public sealed record ViolationDetail(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("description")] string? Description);

/// <summary>A batch that passed validation: the timestamp as sent and each driver with a normalised phone number.</summary>
public sealed record ValidBatch(string CallType, string Timestamp, IReadOnlyList<DriverCall> Drivers);

/// <summary>One driver to call, checked and normalised.</summary>
public sealed record DriverCall(
    int DriverId,
    string DriverName,
    string PhoneNumber,
    string? CustomRules,
    string TripId,
    IReadOnlyList<(string Type, string Description)> Violations)
{
    /// <summary><c>EL_{driverId}_{timestamp}</c>, with the request's timestamp exactly as sent.</summary>
    public string CallSidFor(string timestamp) => $"EL_{DriverId}_{timestamp}";
}
