using System.Text.Json.Serialization;

namespace CallSid.Calls.Model;

/// <summary>
/// The seed's BatchCallRequest, field for field (camelCase on the wire). Every member is nullable so that a missing
/// field is reported by name by the validator instead of failing deserialisation as a whole.
/// </summary>
public sealed record BatchCallRequest(
    [property: JsonPropertyName("callType")] string? CallType,
    [property: JsonPropertyName("timestamp")] string? Timestamp,
    [property: JsonPropertyName("drivers")] IReadOnlyList<DriverData?>? Drivers);
