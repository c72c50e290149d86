namespace CallSid.Calls.Model;

/// <summary>ElevenLabs' <c>metadata.phone_call</c> for a Twilio call; <c>call_sid</c> is Twilio's call SID.</summary>
public sealed record PostCallPhoneCall(string? Type, string? CallSid);
