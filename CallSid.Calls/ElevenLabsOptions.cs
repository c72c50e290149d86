using System.ComponentModel.DataAnnotations;

namespace CallSid.Calls;

/// <summary>How we reach ElevenLabs and which agent calls. Bound from <c>ElevenLabs</c> (<c>ElevenLabs__ApiKey</c>, ...).</summary>
public sealed class ElevenLabsOptions
{
    public const string SectionName = "ElevenLabs";

    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.elevenlabs.io");

    [Required(ErrorMessage = "ElevenLabs:ApiKey is required (environment ElevenLabs__ApiKey).")]
    public string ApiKey { get; set; } = string.Empty;

    [Required(ErrorMessage = "ElevenLabs:AgentId is required (environment ElevenLabs__AgentId).")]
    public string AgentId { get; set; } = string.Empty;

    [Required(ErrorMessage = "ElevenLabs:AgentPhoneNumberId is required (environment ElevenLabs__AgentPhoneNumberId).")]
    public string AgentPhoneNumberId { get; set; } = string.Empty;

    /// <summary>Where the agent transfers a driver who asks for a person (a dynamic variable of the agent).</summary>
    [Required(ErrorMessage = "ElevenLabs:TransferNumber is required (environment ElevenLabs__TransferNumber).")]
    public string TransferNumber { get; set; } = string.Empty;

    /// <summary>Whom the agent speaks for, e.g. "AGY Dispatcher".</summary>
    [Required(ErrorMessage = "ElevenLabs:DispatcherName is required (environment ElevenLabs__DispatcherName).")]
    public string DispatcherName { get; set; } = string.Empty;

    /// <summary>How long one outbound-call request may take. It is not repeated after a timeout: it may have dialled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The workspace's concurrent-call limit (its plan's). Calls never has more calls live than this; drivers beyond it
    /// wait in the queue. Unset: every call is dialled at once, and a 429 still puts the driver back in the queue.
    /// </summary>
    [Range(1, 10_000)]
    public int? ConcurrencyLimit { get; set; }

    /// <summary>The longest one request may take in all: its timeout plus slack for a resend that surely never left.</summary>
    public TimeSpan TotalRequestTimeout => RequestTimeout + TimeSpan.FromSeconds(5);
}
