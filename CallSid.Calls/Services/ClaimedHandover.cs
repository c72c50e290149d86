namespace CallSid.Calls.Services;

/// <summary>An outbox row claimed for one attempt; <see cref="Attempts"/> counts this one.</summary>
public sealed record ClaimedHandover(long Id, string CallSid, string ConversationId, string Payload, string? TraceParent, int Attempts, DateTime CreatedAt);
