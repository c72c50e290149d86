namespace CallSid.Edge;

/// <summary>The webhook secrets, bound from <c>Webhooks</c> (<c>Webhooks__TranscriptionToken</c>, <c>Webhooks__PostCallSecret</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>The per-turn server tool sends <c>Authorization: Bearer {token}</c>.</summary>
    public string? TranscriptionToken { get; set; }

    /// <summary>ElevenLabs signs post-call webhooks with this secret (HMAC-SHA256).</summary>
    public string? PostCallSecret { get; set; }

    /// <summary>Only in the Development environment: lets the edge start without secrets, and then checks nothing.</summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>How old a post-call signature may be (ElevenLabs' own SDKs use 30 minutes).</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How far ahead of our clock a signature may be: the two clocks' difference, not a window for replays.</summary>
    public TimeSpan SignatureClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
