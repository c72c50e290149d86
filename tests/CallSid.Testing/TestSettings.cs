namespace CallSid.Testing;

/// <summary>The settings a service needs to start in a test, by the keys operators use.</summary>
public static class TestSettings
{
    /// <summary>Calls on <paramref name="connectionString"/>, dialling through the ElevenLabs API (or emulator) at <paramref name="elevenLabs"/>.</summary>
    public static Dictionary<string, string?> Calls(string connectionString, Uri elevenLabs, string apiKey) => new()
    {
        ["ConnectionStrings:callsdb"] = connectionString,
        ["ElevenLabs:BaseUrl"] = elevenLabs.ToString(),
        ["ElevenLabs:ApiKey"] = apiKey,
        ["ElevenLabs:AgentId"] = "agent_test_01",
        ["ElevenLabs:AgentPhoneNumberId"] = "phnum_test_01",
        ["ElevenLabs:TransferNumber"] = "+18005550100",
        ["ElevenLabs:DispatcherName"] = "AGY Dispatcher",
    };
}
