namespace CallSid.Transcripts.Model;

/// <summary>Where a stored turn came from.</summary>
public enum TranscriptSource
{
    /// <summary>The per-turn webhook (the agent's server tool), during the call.</summary>
    Webhook,

    /// <summary>Recovered from ElevenLabs' post-call transcript because no per-turn delivery had stored it.</summary>
    PostCall,
}
