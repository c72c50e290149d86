namespace CallSid.Calls.Model;

/// <summary>
/// What ElevenLabs is asked to dial for a call, kept while the call is queued or live and deleted when it settles: it
/// holds the driver's phone number, which <c>calls</c> never does. A queued call's row says when it may be dialled.
/// </summary>
public sealed class DialRequest
{
    public required string CallSid { get; init; }

    /// <summary>ElevenLabs' outbound-call request body (JSON), built when the call was written; a redial copies it.</summary>
    public required string Request { get; init; }

    /// <summary>Waiting in the queue, due from this time on; null once dialled.</summary>
    public DateTime? DialAfter { get; set; }

    /// <summary>How often ElevenLabs answered 429 (over its concurrency limit) for this call; the back-off grows with it.</summary>
    public int Throttled { get; set; }

    public DateTime CreatedAt { get; init; }
}
