namespace CallSid.Calls.Model;

/// <summary>What the webhook answers: ElevenLabs only needs a 200, people reading logs need to know what happened.</summary>
public sealed record PostCallWebhookResponse(string Status, string Message, string? CallSid, CallStatus? CallStatus);
