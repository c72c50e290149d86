namespace CallSid.Calls.Model;

public enum PlacementOutcome
{
    /// <summary>ElevenLabs accepted the call now.</summary>
    Placed,

    /// <summary>ElevenLabs failed now; the call is recorded as failed.</summary>
    Failed,

    /// <summary>The call_sid existed and was accepted earlier; not dialled again.</summary>
    AlreadyPlaced,

    /// <summary>The call_sid existed and had failed; not dialled again.</summary>
    AlreadyFailed,

    /// <summary>The call_sid exists and its request to ElevenLabs is still under way; not dialled again.</summary>
    InFlight,

    /// <summary>The call is written and waits in the queue for ElevenLabs' capacity.</summary>
    Queued,

    /// <summary>The call_sid existed and waits in the queue; not written again.</summary>
    AlreadyQueued,

    /// <summary>Nothing was written or dialled (the database was unavailable); safe to retry.</summary>
    NotDialled,
}
