namespace CallSid.Transcripts.Services;

/// <summary>What became of one per-turn delivery.</summary>
public enum SaveOutcome
{
    /// <summary>A new turn, with the next sequence number.</summary>
    Created = 1,

    /// <summary>The same delivery had stored (or matched) this turn before.</summary>
    Repeated = 2,

    /// <summary>A turn the post-call transcript had recovered, delivered late: that row is this turn.</summary>
    MatchedRecovered = 3,
}
