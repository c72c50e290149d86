namespace CallSid.Testing;

/// <summary>The settings a service needs to start in a test, by the keys operators use.</summary>
public static class TestSettings
{
    /// <summary>Where no Transcripts service listens: hand-overs are queued and retried, nothing else notices.</summary>
    public static readonly Uri NoTranscripts = new("http://127.0.0.1:1");

    /// <summary>
    /// Calls on <paramref name="connectionString"/>, dialling through the ElevenLabs API (or emulator) at
    /// <paramref name="elevenLabs"/>, handing post-call transcripts to <paramref name="transcripts"/>.
    /// </summary>
    public static Dictionary<string, string?> Calls(string connectionString, Uri elevenLabs, string apiKey, Uri? transcripts = null) => new()
    {
        ["services:transcripts:http:0"] = (transcripts ?? NoTranscripts).ToString(),
        ["ConnectionStrings:callsdb"] = connectionString,
        ["ElevenLabs:BaseUrl"] = elevenLabs.ToString(),
        ["ElevenLabs:ApiKey"] = apiKey,
        ["ElevenLabs:AgentId"] = "agent_test_01",
        ["ElevenLabs:AgentPhoneNumberId"] = "phnum_test_01",
        ["ElevenLabs:TransferNumber"] = "+18005550100",
        ["ElevenLabs:DispatcherName"] = "AGY Dispatcher",
    };
}
