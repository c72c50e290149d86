namespace CallSid.Calls.ElevenLabs;

public sealed record ConversationInitiationClientData(
    IReadOnlyDictionary<string, string> DynamicVariables,
    ConversationConfigOverride ConversationConfigOverride);
