namespace CallSid.ElevenLabsEmulator;

/// <summary>Bound from <c>Emulator</c> and <c>Webhooks</c>: where and how the emulator plays conversations back.</summary>
public sealed class PlaybackOptions
{
    /// <summary>Turns per conversation; 0 turns playback off.</summary>
    public int ConversationTurns { get; set; } = 4;

    /// <summary>The phone rings before anyone speaks: the first turn comes this long after the call was accepted.</summary>
    public TimeSpan AnswerDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan TurnInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The edge, which receives ElevenLabs' webhooks. Without it nothing is played back.</summary>
    public Uri? WebhookBaseUrl { get; set; }

    /// <summary>The per-turn server tool's secret header value (<c>Authorization: Bearer ...</c>).</summary>
    public string? TranscriptionToken { get; set; }

    /// <summary>The post-call webhook's HMAC secret.</summary>
    public string? PostCallSecret { get; set; }
}
