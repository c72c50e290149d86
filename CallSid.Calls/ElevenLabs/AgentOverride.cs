namespace CallSid.Calls.ElevenLabs;

public sealed record AgentOverride(PromptOverride Prompt, string FirstMessage);
