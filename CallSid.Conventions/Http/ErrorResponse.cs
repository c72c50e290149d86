using System.Text.Json.Serialization;

namespace CallSid.Conventions.Http;

/// <summary>The error body every CallSid API answers with: <c>{status:"error", message, details}</c> (the seed's contract).</summary>
public sealed record ErrorResponse(
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Details = null)
{
    [JsonPropertyOrder(-1)]
    public string Status => "error";
}
