namespace CallSid.Calls.ElevenLabs;

public sealed record ConversationConfigOverride(AgentOverride Agent);
