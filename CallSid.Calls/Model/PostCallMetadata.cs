using System.Text.Json;

namespace CallSid.Calls.Model;

/// <summary>
/// <c>data.metadata</c>. A transcription (and GET conversation) carries the times and <c>phone_call</c>; a
/// <c>call_initiation_failure</c> carries Twilio's own callback in <c>body</c> (<c>CallSid</c>, <c>CallStatus</c>).
/// </summary>
public sealed record PostCallMetadata(
    long? StartTimeUnixSecs, long? CallDurationSecs, PostCallPhoneCall? PhoneCall, JsonElement? Body, string? TerminationReason = null, JsonElement? Error = null)
{
    /// <summary>Twilio's call SID, wherever this event carries it.</summary>
    public string? TwilioCallSid =>
        PhoneCall?.CallSid is { Length: > 0 } callSid
            ? callSid
            : Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("CallSid", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

    /// <summary><c>metadata.error</c> as one line: ElevenLabs sends <c>{code, reason}</c>; a plain string is taken as is.</summary>
    public string? ErrorText => Error switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Object } error => string.Join(" ", new[]
        {
            error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number ? $"code {code.GetRawText()}" : null,
            error.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null,
        }.Where(part => !string.IsNullOrEmpty(part))) is { Length: > 0 } line ? line : null,
        _ => null,
    };
}
