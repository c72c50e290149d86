namespace CallSid.Calls.ElevenLabs;

public sealed record PromptOverride(string Prompt);
