using System.ComponentModel.DataAnnotations;

namespace CallSid.ElevenLabsEmulator;

/// <summary>Bound from <c>Emulator</c> (<c>Emulator__ApiKey</c>, ...).</summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>The only <c>xi-api-key</c> accepted.</summary>
    [Required(ErrorMessage = "Emulator:ApiKey is required.")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>Added to every outbound-call answer.</summary>
    public TimeSpan ResponseDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How a call fails, chosen by the end of its to_number. Defaults (appsettings.json): ...0000 gets a 500,
    /// ...0001 gets 200 with success=false.
    /// </summary>
    public List<FailureRule> Failures { get; set; } = [];

    /// <summary>
    /// The workspace's concurrent-call limit: a dial while this many calls are live (answered, not yet over) gets
    /// ElevenLabs' 429 <c>too_many_concurrent_requests</c>. 0: no limit.
    /// </summary>
    [Range(0, 100_000)]
    public int ConcurrencyLimit { get; set; }
}
