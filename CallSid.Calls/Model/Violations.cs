using System.Text.Json.Serialization;

namespace CallSid.Calls.Model;

public sealed record Violations(
    [property: JsonPropertyName("tripId")] string? TripId,
    [property: JsonPropertyName("violationDetails")] IReadOnlyList<ViolationDetail?>? ViolationDetails);
