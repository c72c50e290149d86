namespace CallSid.Calls.ElevenLabs;

public sealed record ValidationErrorItem(IReadOnlyList<object>? Loc, string? Msg, string? Type);
