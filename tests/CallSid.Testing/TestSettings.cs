namespace CallSid.Testing;

/// <summary>The settings a service needs to start in a test, by the keys operators use.</summary>
public static class TestSettings
{
    /// <summary>Where no Transcripts service listens: hand-overs are queued and retried, nothing else notices.</summary>
    public static readonly Uri NoTranscripts = new("http://127.0.0.1:1");

    /// <summary>
    /// Time budgets for a loaded CI machine (two cores, every test project at once, a cold JIT): production's are tuned
    /// for a driver waiting on the line (800 ms a turn) and would turn a slow test box into 503s. Tests of the budgets
    /// set production's values themselves.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> LoadedMachineBudgets = new Dictionary<string, string?>
    {
        ["Transcripts:RequestBudget"] = "00:01:00",
        ["CallsApi:LookupBudget"] = "00:01:00",
        ["HttpResilience:calls:TotalTimeout"] = "00:01:00",
        ["HttpResilience:calls:AttemptTimeout"] = "00:00:30",
        ["Database:ConnectTimeout"] = "00:00:30",
    };

    /// <summary>
    /// Calls on <paramref name="connectionString"/>, dialling through the ElevenLabs API (or emulator) at
    /// <paramref name="elevenLabs"/>, handing post-call transcripts to <paramref name="transcripts"/>.
    /// </summary>
    public static Dictionary<string, string?> Calls(string connectionString, Uri elevenLabs, string apiKey, Uri? transcripts = null) => With(LoadedMachineBudgets, new()
    {
        ["services:transcripts:http:0"] = (transcripts ?? NoTranscripts).ToString(),
        ["ConnectionStrings:callsdb"] = connectionString,
        ["ElevenLabs:BaseUrl"] = elevenLabs.ToString(),
        ["ElevenLabs:ApiKey"] = apiKey,
        ["ElevenLabs:AgentId"] = "agent_test_01",
        ["ElevenLabs:AgentPhoneNumberId"] = "phnum_test_01",
        ["ElevenLabs:TransferNumber"] = "+18005550100",
        ["ElevenLabs:DispatcherName"] = "AGY Dispatcher",
    });

    /// <summary>Transcripts on <paramref name="connectionString"/>, looking call_sids up in the Calls service at <paramref name="calls"/>.</summary>
    public static Dictionary<string, string?> Transcripts(string connectionString, Uri calls) => With(LoadedMachineBudgets, new()
    {
        ["ConnectionStrings:callsdb"] = connectionString,
        ["services:calls:http:0"] = calls.ToString(),
    });

    /// <summary><paramref name="settings"/> on top of <paramref name="defaults"/>.</summary>
    public static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> defaults, Dictionary<string, string?> settings)
    {
        var merged = new Dictionary<string, string?>(defaults);
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        return merged;
    }
}
