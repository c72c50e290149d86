using System.Text.Json;

namespace CallSid.ElevenLabsEmulator;

/// <summary>One outbound-call request as received, and what the emulator answered.</summary>
public sealed record ReceivedCall(DateTimeOffset ReceivedAt, bool ApiKeyPresent, JsonElement Body, int StatusCode, string? ConversationId, string? CallSid);
