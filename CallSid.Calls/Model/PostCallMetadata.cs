using System.Text.Json;

namespace CallSid.Calls.Model;

/// <summary>
/// <c>data.metadata</c>. A transcription (and GET conversation) carries the times and <c>phone_call</c>; a
/// <c>call_initiation_failure</c> carries Twilio's own callback in <c>body</c> (<c>CallSid</c>, <c>CallStatus</c>).
/// </summary>
public sealed record PostCallMetadata(long? StartTimeUnixSecs, long? CallDurationSecs, PostCallPhoneCall? PhoneCall, JsonElement? Body)
{
    /// <summary>Twilio's call SID, wherever this event carries it.</summary>
    public string? TwilioCallSid =>
        PhoneCall?.CallSid is { Length: > 0 } callSid
            ? callSid
            : Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("CallSid", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
}
