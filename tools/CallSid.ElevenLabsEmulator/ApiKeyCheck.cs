using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CallSid.ElevenLabsEmulator;

/// <summary>ElevenLabs' <c>xi-api-key</c> check and its 401 answers.</summary>
public static class ApiKeyCheck
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.General);

    /// <summary>The 401 to answer, or null when the key is the configured one.</summary>
    public static IResult? Refusal(HttpRequest request, EmulatorOptions settings)
    {
        var apiKey = request.Headers["xi-api-key"].ToString();
        if (apiKey.Length == 0)
        {
            return Results.Json(new { detail = new { status = "needs_authorization", message = "Neither authorization header nor xi-api-key received, please provide one." } }, Wire, statusCode: 401);
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(apiKey), Encoding.UTF8.GetBytes(settings.ApiKey))
            ? null
            : Results.Json(new { detail = new { type = "authentication_error", code = "unauthorized", status = "invalid_api_key", message = "Invalid API key" } }, Wire, statusCode: 401);
    }
}
