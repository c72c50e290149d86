namespace CallSid.ElevenLabsEmulator;

/// <summary>Bound from <c>Emulator</c> and <c>Webhooks</c>: where and how the emulator plays conversations back.</summary>
public sealed class PlaybackOptions
{
    /// <summary>Turns per conversation; 0 turns playback off.</summary>
    public int ConversationTurns { get; set; } = 4;

    /// <summary>The phone rings before anyone speaks: the first turn comes this long after the call was accepted.</summary>
    public TimeSpan AnswerDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan TurnInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// After the last turn the conversation is <c>processing</c> (ElevenLabs' analysis) this long before it is done
    /// (or failed) and its post-call event is sent.
    /// </summary>
    public TimeSpan ProcessingDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The edge, which receives ElevenLabs' webhooks. Without it nothing is played back.</summary>
    public Uri? WebhookBaseUrl { get; set; }

    /// <summary>The per-turn server tool's secret header value (<c>Authorization: Bearer ...</c>).</summary>
    public string? TranscriptionToken { get; set; }

    /// <summary>The post-call webhook's HMAC secret.</summary>
    public string? PostCallSecret { get; set; }

    /// <summary>
    /// Turns (1-based) whose per-turn delivery the agent skips, e.g. "2,5"; the post-call transcript still carries
    /// them. ElevenLabs' per-turn delivery is a server tool the agent's LLM calls, so real calls skip turns too.
    /// </summary>
    public string? SkipTurns { get; set; }

    /// <summary>False: a conversation ends without its post-call event, as when ElevenLabs' delivery is lost.</summary>
    public bool PostCallEvents { get; set; } = true;

    /// <summary>Calls that do not end in a conversation with the driver, by number suffix (see <see cref="OutcomeRule"/>).</summary>
    public List<OutcomeRule> Outcomes { get; set; } = [];

    /// <summary>
    /// Sends, after each conversation's post-call event, a post_call_transcription of a conversation of this agent: the
    /// post-call webhook is workspace-wide, so a real workspace's other agents' events arrive too. Null: none.
    /// </summary>
    public string? OtherAgentId { get; set; }

    /// <summary>
    /// The scenario for a call to <paramref name="toNumber"/>: a suffix rule's, else a share rule's drawn by
    /// <paramref name="draw"/> (0 to 1), else null for a normal conversation.
    /// </summary>
    public string? OutcomeFor(string? toNumber, double draw)
    {
        if (Outcomes.FirstOrDefault(rule => rule.NumberSuffix.Length > 0 && toNumber?.EndsWith(rule.NumberSuffix, StringComparison.Ordinal) == true) is { } bySuffix)
        {
            return bySuffix.Outcome;
        }

        foreach (var rule in Outcomes.Where(rule => rule.NumberSuffix.Length == 0 && rule.Share > 0))
        {
            if (draw < rule.Share)
            {
                return rule.Outcome;
            }

            draw -= rule.Share;
        }

        return null;
    }

    public IReadOnlySet<int> SkippedTurns() => TryParseSkipTurns(SkipTurns, out var turns) ? turns : new HashSet<int>();

    public static bool TryParseSkipTurns(string? text, out HashSet<int> turns)
    {
        turns = [];
        foreach (var part in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var turn) || turn < 1)
            {
                return false;
            }

            turns.Add(turn);
        }

        return true;
    }
}
