using System.Text.Json.Serialization;

namespace CallSid.Dashboard.Security;

/// <summary>The dashboard's error body, CallSid's shape: <c>{"status":"error","message":...,"details":...}</c>.</summary>
public sealed record ErrorResponse(
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Details = null)
{
    [JsonPropertyOrder(-1)]
    public string Status => "error";
}
