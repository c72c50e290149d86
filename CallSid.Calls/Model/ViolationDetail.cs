using System.Text.Json.Serialization;

namespace CallSid.Calls.Model;

public sealed record ViolationDetail(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("description")] string? Description);
